// The flow shared by `apply` and PM2's file verbs (start/restart/reload FILE, startOr*): send the
// desired state, show the plan, stream progress, report the result and set the exit code.
import { TendError, fromWire } from '../errors/index.js';
import type { DaemonClient } from '../drivers/local/client.js';
import type { ApplyParams, ApplyResult, PlanMode } from '../daemon/protocol.js';
import type { AppSpec } from '../spec/types.js';
import { callerEnv, holderName } from './daemon-session.js';
import { printApplyResult, printProgress } from './views/apply.js';
import { printLine, printJson } from './views/output.js';
import { renderPlanHuman, renderPlanJson } from './views/plan.js';
import { useColor } from './views/format.js';
import { confirm } from './prompt.js';

export interface ApplyFlowOptions {
  mode: PlanMode;
  prune: boolean;
  only?: string[];
  forceReload?: string[];
  yes?: boolean;
  json?: boolean;
  silent?: boolean;
  parallel?: number;
  fingerprint?: string;
  command: string;
}

export async function runApply(client: DaemonClient, desired: { source: string; specs: AppSpec[] }, options: ApplyFlowOptions): Promise<ApplyResult | null> {
  const desiredState = {
    specs: desired.specs,
    source: desired.source,
    baseEnv: callerEnv(),
    mode: options.mode,
    prune: options.prune,
    updateEnv: true,
    ...(options.only ? { only: options.only } : {}),
    ...(options.forceReload ? { forceReload: options.forceReload } : {}),
  };
  const quiet = options.json === true || options.silent === true;
  // Show the plan first, then apply exactly that plan: its fingerprint makes the daemon refuse it
  // if the live state moved in between.
  const plan = await client.request('plan', desiredState);
  if (!quiet) printLine(renderPlanHuman(plan, { color: useColor(), sourceLabel: desired.source }));
  if (plan.steps.length === 0) {
    if (options.json) printJson({ ...(JSON.parse(renderPlanJson(plan)) as object), applied: true, failed: null });
    return null;
  }
  const params: ApplyParams = {
    ...desiredState,
    holder: holderName(options.command),
    confirmed: options.yes ?? false,
    fingerprint: options.fingerprint ?? plan.fingerprint,
    ...(options.parallel ? { parallel: options.parallel } : {}),
  };
  let result: ApplyResult;
  try {
    result = await client.request('apply', params, quiet ? undefined : printProgress);
  } catch (error) {
    if (!(error instanceof TendError) || error.code !== 'E_CONFIRM_REQUIRED' || !(await confirm(`${error.message}. Continue?`))) throw error;
    result = await client.request('apply', { ...params, confirmed: true }, quiet ? undefined : printProgress);
  }
  if (options.json) printJson({ ...(JSON.parse(renderPlanJson(result.plan)) as object), applied: result.applied, failed: result.failed });
  else if (!options.silent) printApplyResult(result);
  if (result.failed) {
    // The daemon's error already names the step and its cause (E_APPLY_FAILED from applyPlan).
    throw fromWire(result.failed.error);
  }
  return result;
}
