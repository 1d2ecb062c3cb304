// `tend apply [file | plan.json]`: make the live processes equal the file — only what changed, with prune.
import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { desiredFromFile } from '../desired.js';
import { parseParallel, splitList } from '../options.js';
import { runApply } from '../apply-flow.js';
import { readSavedPlan } from '../../workspace/plan-file.js';
import { printLine, printJson } from '../views/output.js';
import { renderPlanHuman, renderPlanJson } from '../../format/plan.js';
import { useColor } from '../views/format.js';

interface ApplyOptions {
  env?: string;
  only?: string;
  dryRun?: boolean;
  prune: boolean;
  yes?: boolean;
  json?: boolean;
  forceReload?: string;
  parallel?: string;
  strict?: boolean;
  adopt?: boolean;
  failFast?: boolean;
}

export function register(program: Command): void {
  program
    .command('apply')
    .description('plan and apply an ecosystem file (or a saved plan): create, scale, reload, replace and prune exactly what changed')
    .argument('[file]', 'ecosystem file or a plan saved with `tend plan -o` (default: ecosystem.config.* in this directory)')
    .option('--env <name>', 'use the env_<name> overlay of the file')
    .option('--only <apps>', 'only these apps (comma separated)')
    .option('--dry-run', 'show the plan and change nothing')
    .option('--no-prune', 'keep apps that are no longer in the file')
    .option('-y, --yes', 'confirm deleting every app of the file')
    .option('--force-reload <apps>', 'reload these apps even if nothing changed')
    .option('--parallel <n>', 'instances reloaded at once')
    .option('--adopt', 'take over apps of the same name started from another file or the command line')
    .option('--no-strict', 'unknown keys are warnings, not errors (as for start/restart/reload)')
    .option('--fail-fast', 'stop at the first failed step (by default the other apps are still applied)')
    .option('--json', 'print the plan and result as JSON')
    .action(async (file: string | undefined, options: ApplyOptions) => {
      const saved = file === undefined ? null : readSavedPlan(file);
      const desired = saved ? saved.desired : await desiredFromFile(file, options);
      await withDaemon(async (client) => {
        if (options.dryRun) {
          const plan = await client.request('plan', {
            ...desired,
            baseEnv: {},
            mode: 'apply',
            prune: options.prune,
            ...onlyOf(options),
            ...(options.adopt ? { adopt: true } : {}),
          });
          if (options.json) printJson(JSON.parse(renderPlanJson(plan)));
          else printLine(renderPlanHuman(plan, { color: useColor(), sourceLabel: desired.source }));
          return;
        }
        const forceReload = splitList(options.forceReload);
        const parallel = parseParallel(options.parallel);
        await runApply(client, desired, {
          mode: 'apply',
          prune: saved ? saved.prune : options.prune,
          command: 'apply',
          ...onlyOf(options),
          ...(forceReload ? { forceReload } : {}),
          // A reviewed plan that takes apps over is applied as reviewed.
          ...(options.adopt || saved?.plan.steps.some((step) => step.adopt !== null) ? { adopt: true } : {}),
          ...(options.yes ? { yes: true } : {}),
          ...(options.json ? { json: true } : {}),
          ...(options.failFast ? { failFast: true } : {}),
          ...(parallel === undefined ? {} : { parallel }),
          ...(saved && file !== undefined ? { fingerprint: saved.plan.fingerprint, planFile: file } : {}),
        });
      });
    });
}

function onlyOf(options: { only?: string }): { only?: string[] } {
  const only = splitList(options.only);
  return only ? { only } : {};
}
