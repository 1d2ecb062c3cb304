// Plan, then apply exactly that plan: its fingerprint makes the daemon refuse it when the live state
// moved in between. The one choreography of the CLI's file verbs, tend-runtime and the API; callers
// decide what to show through the hooks.
import { TendError } from '../errors/index.js';
import type { ApplyResult, PlanMode, Progress } from '../protocol/messages.js';
import type { Plan } from '../reconciler/types.js';
import type { AppSpec } from '../ecosystem/types.js';
import { callerEnv } from './caller.js';
import type { DaemonClient } from './daemon-client.js';

export interface ApplyRequest {
  source: string;
  specs: AppSpec[];
  mode: PlanMode;
  prune: boolean;
  holder: string;
  only?: string[];
  forceReload?: string[];
  /** Take over apps of the same name from other sources (`apply --adopt`). */
  adopt?: boolean;
  parallel?: number;
  /** From a saved plan: applied only if the live state still matches it. */
  fingerprint?: string;
  /** The saved plan's file, named in E_PLAN_STALE. */
  planFile?: string;
  /** Stop at the first failed step. */
  failFast?: boolean;
  /** Deleting every app of the source is confirmed already (--yes, the API). */
  confirmed?: boolean;
  /** `--update-env`: the caller's env is merged over the env apps that already run were started with. */
  updateEnv?: boolean;
}

export interface ApplyHooks {
  onPlan?: (plan: Plan) => void;
  onProgress?: (progress: Progress) => void;
  /** Asked when the daemon wants confirmation (E_CONFIRM_REQUIRED); no hook means no. */
  confirm?: (question: string) => Promise<boolean>;
}

/**
 * How long PM2's verbs (start/restart/reload FILE, start app.js) wait for another apply to finish, as
 * PM2 users run them in parallel; `apply` itself refuses at once and names the holder (E_APPLY_LOCKED).
 * A plan of our own that another client made stale meanwhile is made again within the same time.
 */
const lockWaitMs = 60_000;

/** The plan, and the apply result (null when the plan was empty). A failed step is in result.failed. */
export async function planAndApply(client: DaemonClient, request: ApplyRequest, hooks: ApplyHooks = {}): Promise<{ plan: Plan; result: ApplyResult | null }> {
  const waitUntil = Date.now() + lockWaitMs;
  let pause = 50;
  let stale = 0;
  for (;;) {
    try {
      return await planAndApplyOnce(client, request, hooks);
    } catch (error) {
      if (!(error instanceof TendError) || request.fingerprint !== undefined) throw error;
      // A plan made a moment ago by this call is made again: at once the first time, then after a pause
      // (six parallel starts made the last one stale five times; a fixed count of retries ran out).
      if (error.code === 'E_PLAN_STALE' && ++stale === 1) continue;
      const waits = error.code === 'E_PLAN_STALE' || (error.code === 'E_APPLY_LOCKED' && request.mode !== 'apply');
      if (!waits || Date.now() + pause > waitUntil) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 1000);
    }
  }
}

async function planAndApplyOnce(client: DaemonClient, request: ApplyRequest, hooks: ApplyHooks): Promise<{ plan: Plan; result: ApplyResult | null }> {
  const state = {
    specs: request.specs,
    source: request.source,
    baseEnv: callerEnv(),
    mode: request.mode,
    prune: request.prune,
    // As in PM2 the env captured at start is kept unless asked (`--update-env`); new apps take the caller's.
    ...(request.updateEnv ? { updateEnv: true } : {}),
    ...(request.only ? { only: request.only } : {}),
    ...(request.forceReload ? { forceReload: request.forceReload } : {}),
    ...(request.adopt ? { adopt: true } : {}),
  };
  const plan = await client.request('plan', state);
  // A saved plan is checked before anything else, an empty re-plan included: applied once, it is stale.
  if (request.fingerprint !== undefined && request.fingerprint !== plan.fingerprint) throw stalePlan(request.planFile);
  if (plan.steps.length === 0) {
    hooks.onPlan?.(plan);
    return { plan, result: null };
  }
  const params = {
    ...state,
    holder: request.holder,
    confirmed: request.confirmed ?? false,
    fingerprint: request.fingerprint ?? plan.fingerprint,
    ...(request.parallel ? { parallel: request.parallel } : {}),
    ...(request.failFast ? { failFast: true } : {}),
  };
  let shown = false;
  const show = (): void => {
    if (!shown) hooks.onPlan?.(plan);
    shown = true;
  };
  const onProgress = (progress: Progress): void => {
    show();
    hooks.onProgress?.(progress);
  };
  try {
    const result = await client.request('apply', params, onProgress);
    show();
    return { plan, result };
  } catch (error) {
    if (error instanceof TendError && error.code === 'E_PLAN_STALE') {
      if (request.fingerprint !== undefined) throw stalePlan(request.planFile);
      // Our own plan, raced by another client before it started: planAndApply makes it again.
      if (!shown) throw error;
    }
    show();
    const asked =
      error instanceof TendError && error.code === 'E_CONFIRM_REQUIRED' && hooks.confirm !== undefined && (await hooks.confirm(`${error.message}. Continue?`));
    if (!asked) throw error;
    return { plan, result: await client.request('apply', { ...params, confirmed: true }, onProgress) };
  }
}

function stalePlan(file: string | undefined): TendError {
  const what = file === undefined ? 'the saved plan' : `the saved plan ${file}`;
  return new TendError(
    'E_PLAN_STALE',
    `${what} was made from a state that has changed since (it was applied already, or apps were applied, scaled, crashed or removed)`,
  );
}
