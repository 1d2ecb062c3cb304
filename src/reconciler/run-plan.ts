// applyPlan(): run a plan's steps through the executor the daemon hands in, several apps side by side,
// and say which steps failed and why. It decides nothing: the plan already did.
import { TendError, asTendError } from '../errors/index.js';
import type { AppSpec } from '../ecosystem/types.js';
import type { Plan, PlanStep } from './types.js';

/**
 * What the daemon does for each action. Every method either completes its step and then records
 * `spec` as the app's last applied spec (with its source), or throws and records nothing; applyPlan
 * never records anything itself. A stronger action carries the weaker classes' changes too: reload,
 * restart and replace also apply a new instance count and live settings; scale also applies live
 * settings.
 */
export interface PlanExecutor {
  /** Start `spec.instances` instances of a new app owned by `source`. */
  create(spec: AppSpec, source: string): Promise<void>;
  /** Change supervisor settings only; no process restarts. */
  updateLive(spec: AppSpec): Promise<void>;
  /** Leave exactly `instances` running: start stopped ones and new ones, stop the highest-numbered extras. */
  scale(spec: AppSpec, instances: number): Promise<void>;
  /** Replace every instance one at a time, each new one ready before its old one stops. */
  reload(spec: AppSpec): Promise<void>;
  /** Stop every instance, then start them with the new spec. */
  restart(spec: AppSpec): Promise<void>;
  /** Start a complete new set of instances, then stop the old set. */
  replace(spec: AppSpec): Promise<void>;
  /** Stop every instance and forget the app. */
  remove(name: string): Promise<void>;
  /** Record `source` as the owner of an app another source had (before its step runs). */
  adopt(name: string, source: string): Promise<void>;
}

export type ApplyProgress =
  | { phase: 'started'; index: number; total: number; step: PlanStep }
  | { phase: 'done'; index: number; total: number; step: PlanStep }
  | { phase: 'failed'; index: number; total: number; step: PlanStep; error: TendError };

/** A step that failed (or was not run because of a failure), numbered from 1. */
export interface StepFailure {
  index: number;
  step: PlanStep;
  error: TendError;
}

export type PlanOutcome =
  | { ok: true; applied: number; total: number }
  /**
   * `failed`/`step` are the first failed step; `error` is E_APPLY_FAILED naming every failure;
   * `failures` lists each one with its own E_APPLY_FAILED.
   */
  | { ok: false; applied: number; total: number; failed: number; step: PlanStep; error: TendError; failures: StepFailure[] };

export interface ApplyOptions {
  /** Stop at the first failed step (by default every independent step still runs). */
  failFast?: boolean;
  signal?: AbortSignal;
  /** Steps (of different apps) run at once; 1 (the default) runs them in plan order. */
  width?: number;
}

/**
 * Steps are numbered from 1 in progress reports and results (`step 2/5`). Each app has one step, so
 * steps of different apps may run side by side (`width`; a start waits for its app to stay up) and an
 * app's changes stay in order. A failed step does not stop the others; only the delete half of a rename waits on its create: when
 * the new app failed, the old one keeps running. With failFast (or an abort) no further step starts.
 */
export async function applyPlan(
  plan: Plan,
  executor: PlanExecutor,
  onProgress: (progress: ApplyProgress) => void = () => {},
  options: ApplyOptions = {},
): Promise<PlanOutcome> {
  const total = plan.steps.length;
  const failures: StepFailure[] = [];
  const finished = new Map<string, Promise<boolean>>();
  let applied = 0;
  let next = 0;

  const runOne = async (offset: number): Promise<boolean> => {
    const step = plan.steps[offset] as PlanStep;
    const index = offset + 1;
    if (options.signal?.aborted === true || (options.failFast === true && failures.length > 0)) {
      const why = options.signal?.aborted === true ? 'apply was interrupted' : 'an earlier step failed (--fail-fast)';
      failures.push({
        index,
        step,
        error: new TendError('E_APPLY_FAILED', `step ${index}/${total} (${step.action} ${step.app}) was not run: ${why}`, {
          hint: 'Run apply again: it plans only what is still to do.',
        }),
      });
      return false;
    }
    if (step.action === 'delete' && step.rename !== null && (await finished.get(step.rename.to)) === false) {
      failures.push({
        index,
        step,
        error: new TendError('E_APPLY_FAILED', `step ${index}/${total} (delete ${step.app}) was not run: ${step.rename.to}, its new name, failed to start`),
      });
      return false;
    }
    onProgress({ phase: 'started', index, total, step });
    try {
      await runStep(step, plan.source, executor);
    } catch (thrown) {
      const cause = asTendError(thrown);
      const error = new TendError('E_APPLY_FAILED', `step ${index}/${total} (${step.action} ${step.app}) failed: ${cause.message}`, {
        ...(cause.code === 'E_INTERNAL' ? {} : { hint: cause.hint }),
        details: { step: index, app: step.app, action: step.action, cause: cause.toJSON() },
        cause,
      });
      onProgress({ phase: 'failed', index, total, step, error });
      failures.push({ index, step, error });
      return false;
    }
    applied += 1;
    onProgress({ phase: 'done', index, total, step });
    return true;
  };

  const worker = async (): Promise<void> => {
    while (next < total) {
      const offset = next++;
      const step = plan.steps[offset] as PlanStep;
      const outcome = runOne(offset);
      if (step.action !== 'delete') finished.set(step.app, outcome);
      await outcome;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.width ?? 1, total)) }, () => worker()));

  failures.sort((a, b) => a.index - b.index);
  const [first] = failures;
  if (first === undefined) return { ok: true, applied, total };
  const error =
    failures.length === 1
      ? first.error
      : new TendError('E_APPLY_FAILED', `${failures.length} of ${total} steps failed: ${failures.map((failure) => failure.error.message).join('; ')}`, {
          hint: first.error.hint,
          details: { failures: failures.map((failure) => failure.error.toJSON()) },
        });
  return { ok: false, applied, total, failed: first.index, step: first.step, error, failures };
}

async function runStep(step: PlanStep, source: string, executor: PlanExecutor): Promise<void> {
  if (step.adopt !== null) await executor.adopt(step.app, source);
  if (step.action === 'delete') return executor.remove(step.app);
  const spec = step.spec;
  if (spec === null) throw new TendError('E_PLAN_INVALID', `step ${step.action} ${step.app} has no spec to apply`);
  switch (step.action) {
    case 'create':
      return executor.create(spec, source);
    case 'live':
      return executor.updateLive(spec);
    case 'scale':
      return executor.scale(spec, step.instances.to);
    case 'reload':
      return executor.reload(spec);
    case 'restart':
      return executor.restart(spec);
    case 'replace':
      return executor.replace(spec);
  }
}
