// The flow shared by `apply` and PM2's file verbs (start/restart/reload FILE, startOr*): send the
// desired state, show the plan, stream progress and report the result.
import { fromWire } from '../errors/index.js';
import type { DaemonClient } from '../client/daemon-client.js';
import type { ApplyResult, PlanMode } from '../protocol/messages.js';
import type { Plan } from '../reconciler/types.js';
import type { AppSpec } from '../ecosystem/types.js';
import { holderName } from '../client/caller.js';
import { planAndApply } from '../client/plan-and-apply.js';
import { printApplyResult, printProgress } from './views/apply.js';
import { printLine, printJson } from './views/output.js';
import { renderPlanHuman, renderPlanJson } from '../format/plan.js';
import { useColor } from './views/format.js';
import { confirm } from './prompt.js';

export interface ApplyFlowOptions {
  mode: PlanMode;
  prune: boolean;
  only?: string[];
  forceReload?: string[];
  adopt?: boolean;
  yes?: boolean;
  json?: boolean;
  silent?: boolean;
  parallel?: number;
  fingerprint?: string;
  /** The saved plan file being applied: named in messages instead of the ecosystem file. */
  planFile?: string;
  failFast?: boolean;
  /** `--update-env`: merge the shell's env over the env running apps were started with. */
  updateEnv?: boolean;
  command: string;
}

export async function runApply(client: DaemonClient, desired: { source: string; specs: AppSpec[] }, options: ApplyFlowOptions): Promise<ApplyResult | null> {
  const quiet = options.json === true || options.silent === true;
  const { plan, result } = await planAndApply(
    client,
    {
      ...desired,
      mode: options.mode,
      prune: options.prune,
      holder: holderName(`tend ${options.command}`),
      confirmed: options.yes ?? false,
      ...(options.only ? { only: options.only } : {}),
      ...(options.forceReload ? { forceReload: options.forceReload } : {}),
      ...(options.adopt ? { adopt: true } : {}),
      ...(options.parallel ? { parallel: options.parallel } : {}),
      ...(options.fingerprint ? { fingerprint: options.fingerprint } : {}),
      ...(options.planFile ? { planFile: options.planFile } : {}),
      ...(options.failFast ? { failFast: true } : {}),
      ...(options.updateEnv ? { updateEnv: true } : {}),
    },
    {
      // The plan is shown before anything changes.
      ...(quiet
        ? {}
        : {
            onPlan: (shown: Plan) => printLine(renderPlanHuman(shown, { color: useColor(), sourceLabel: options.planFile ?? desired.source })),
            onProgress: printProgress,
          }),
      confirm,
    },
  );
  if (result === null) {
    if (options.json) printJson({ ...(JSON.parse(renderPlanJson(plan)) as object), applied: true, failed: null, failures: [] });
    return null;
  }
  if (options.json)
    printJson({ ...(JSON.parse(renderPlanJson(result.plan)) as object), applied: result.applied, failed: result.failed, failures: result.failures });
  else if (!options.silent) printApplyResult(result);
  // The daemon's error already names the step and its cause (E_APPLY_FAILED from applyPlan).
  if (result.failed) throw fromWire(result.failed.error);
  return result;
}
