// `tend rollback <app> [--to-revision N]`: plans and applies an earlier applied revision of an app.
import type { Command } from 'commander';
import { TendError } from '../../errors/index.js';
import { holderName, withDaemon } from '../daemon-session.js';
import { printLine } from '../views/output.js';
import { renderPlanHuman } from '../views/plan.js';
import { useColor } from '../views/format.js';

export function register(program: Command): void {
  program
    .command('rollback')
    .description('apply an earlier revision of an app (default: the one before the current)')
    .argument('<app>', 'app name')
    .option('--to-revision <n>', 'revision number from `tend history`')
    .action(async (app: string, options: { toRevision?: string }) => {
      const result = await withDaemon((client) =>
        client.request('rollback', { name: app, holder: holderName('rollback'), ...(options.toRevision ? { revision: Number(options.toRevision) } : {}) }),
      );
      printLine(renderPlanHuman(result.plan, { color: useColor(), sourceLabel: `history of ${app}` }));
      if (result.failed) throw new TendError('E_APPLY_FAILED', `rollback of ${app} failed: ${result.failed.error.message}`);
    });
}
