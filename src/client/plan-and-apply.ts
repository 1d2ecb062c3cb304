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
  parallel?: number;
  /** From a saved plan: applied only if the live state still matches it. */
  fingerprint?: string;
  /** Deleting every app of the source is confirmed already (--yes, the API). */
  confirmed?: boolean;
}

export interface ApplyHooks {
  onPlan?: (plan: Plan) => void;
  onProgress?: (progress: Progress) => void;
  /** Asked when the daemon wants confirmation (E_CONFIRM_REQUIRED); no hook means no. */
  confirm?: (question: string) => Promise<boolean>;
}

/** How often a plan of our own is made again when another client changed the live state in between. */
const replans = 5;

/** The plan, and the apply result (null when the plan was empty). A failed step is in result.failed. */
export async function planAndApply(client: DaemonClient, request: ApplyRequest, hooks: ApplyHooks = {}): Promise<{ plan: Plan; result: ApplyResult | null }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await planAndApplyOnce(client, request, hooks);
    } catch (error) {
      // A saved plan must match; a plan made a moment ago by this call is simply made again.
      const raced = error instanceof TendError && error.code === 'E_PLAN_STALE' && request.fingerprint === undefined;
      if (!raced || attempt >= replans) throw error;
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
    updateEnv: true,
    ...(request.only ? { only: request.only } : {}),
    ...(request.forceReload ? { forceReload: request.forceReload } : {}),
  };
  const plan = await client.request('plan', state);
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
    const staleBeforeStart = error instanceof TendError && error.code === 'E_PLAN_STALE' && !shown;
    if (staleBeforeStart) throw error;
    show();
    const asked = error instanceof TendError && error.code === 'E_CONFIRM_REQUIRED' && hooks.confirm !== undefined && (await hooks.confirm(`${error.message}. Continue?`));
    if (!asked) throw error;
    return { plan, result: await client.request('apply', { ...params, confirmed: true }, onProgress) };
  }
}
