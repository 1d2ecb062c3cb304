// `tend plan [file]`: what apply would do, as data. With --detailed-exitcode: 0 no changes, 2 changes, 1 error.
import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { desiredFromFile } from '../desired.js';
import { splitList } from '../options.js';
import { setExitCode } from '../outcome.js';
import { printLine, printNotice } from '../views/output.js';
import { renderPlanHuman, renderPlanJson } from '../../format/plan.js';
import { useColor } from '../views/format.js';

interface PlanOptions {
  env?: string;
  only?: string;
  json?: boolean;
  detailedExitcode?: boolean;
  out?: string;
  prune: boolean;
  strict?: boolean;
  adopt?: boolean;
}

export function register(program: Command): void {
  program
    .command('plan')
    .description('show what `tend apply` would change, and why')
    .argument('[file]', 'ecosystem file (default: ecosystem.config.* in this directory)')
    .option('--env <name>', 'use the env_<name> overlay of the file')
    .option('--only <apps>', 'only these apps (comma separated)')
    .option('--no-prune', 'do not plan deletes of apps no longer in the file')
    .option('--json', 'print the plan as JSON')
    .option('--detailed-exitcode', 'exit 0 when nothing changes, 2 when something does')
    .option('-o, --out <file>', 'save the plan for `tend apply <file>`')
    .option('--adopt', 'take over apps of the same name started from another file or the command line')
    .option('--no-strict', 'unknown keys are warnings, not errors (as for start/restart/reload)')
    .action(async (file: string | undefined, options: PlanOptions) => {
      const desired = await desiredFromFile(file, options);
      const only = splitList(options.only);
      const plan = await withDaemon((client) =>
        client.request('plan', {
          ...desired,
          baseEnv: {},
          mode: 'apply',
          prune: options.prune,
          ...(only ? { only } : {}),
          ...(options.adopt ? { adopt: true } : {}),
        }),
      );
      if (options.json) printLine(renderPlanJson(plan));
      else printLine(renderPlanHuman(plan, { color: useColor(), sourceLabel: desired.source }));
      if (options.out) {
        // Loaded only to save a plan: its schemas bring zod, which a plain `tend plan` does not need.
        const { writeSavedPlan } = await import('../../workspace/plan-file.js');
        writeSavedPlan(options.out, { plan, desired, prune: options.prune });
        printNotice(`Plan saved to ${options.out}; apply it with \`tend apply ${options.out}\`.`);
      }
      if (options.detailedExitcode && plan.steps.length > 0) setExitCode(2);
    });
}
