// `tend rollback <app> [--to-revision N]`: plans and applies an earlier applied revision of an app.
import type { Command } from 'commander';
import { fromWire } from '../../errors/index.js';
import { withDaemon } from '../daemon-session.js';
import { holderName } from '../../client/caller.js';
import { printLine } from '../views/output.js';
import { renderPlanHuman } from '../../format/plan.js';
import { useColor } from '../views/format.js';

export function register(program: Command): void {
  program
    .command('rollback')
    .description('apply an earlier revision of an app (default: the one before the current)')
    .argument('<app>', 'app name')
    .option('--to-revision <n>', 'revision number from `tend history`')
    .action(async (app: string, options: { toRevision?: string }) => {
      const result = await withDaemon((client) =>
        client.request('rollback', { name: app, holder: holderName('tend rollback'), ...(options.toRevision ? { revision: Number(options.toRevision) } : {}) }),
      );
      printLine(renderPlanHuman(result.plan, { color: useColor(), sourceLabel: `history of ${app}` }));
      // The daemon's error already names the step and its cause.
      if (result.failed) throw fromWire(result.failed.error);
    });
}
