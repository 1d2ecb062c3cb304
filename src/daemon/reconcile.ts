// plan / apply / rollback inside the daemon: builds the planner's three inputs from the table,
// plans (pure), and executes the plan under the apply lock through Operations. It sees the daemon
// through ReconcileContext only.
import { TendError } from '../errors/index.js';
import { plan as makePlan } from '../reconciler/plan.js';
import { applyPlan, type PlanExecutor } from '../reconciler/run-plan.js';
import { diffSpecs } from '../reconciler/diff.js';
import type { LiveApp, Plan } from '../reconciler/types.js';
import type { AppSpec } from '../ecosystem/types.js';
import type { Logger } from 'pino';
import type { AppTable } from './app-table.js';
import type { Operations } from './operations.js';
import type { Supervisor } from './process/supervisor.js';
import type { ApplyParams, ApplyResult, DesiredState, Methods, Progress } from '../protocol/messages.js';

/**
 * Steps of different apps run at once. Each start holds its place until the app stayed up min_uptime
 * (1 s by default), so the bound is wide: 50 new apps take one of those waits, not four in a row.
 */
const applyWidth = 64;

/** What plan, apply and rollback need of the daemon. */
export interface ReconcileContext {
  table: Pick<AppTable, 'apps' | 'need' | 'changed'>;
  supervisor: Pick<Supervisor, 'get'>;
  operations: Pick<Operations, 'exclusive' | 'create' | 'removeApp' | 'updateLive' | 'ensureRunning' | 'scale' | 'reload' | 'replace'>;
  /** Writes the state file now (after an apply). */
  persist: () => void;
  /** Calls `fn` once the changes made so far are written (coalesced with the other changes of the tick). */
  afterPersist: (fn: () => void) => void;
  logger: Logger;
}

function liveApps(daemon: ReconcileContext): LiveApp[] {
  return [...daemon.table.apps.values()].map((entry) => {
    const statuses = entry.slots.map((slot) => daemon.supervisor.get(slot.pm_id)?.status ?? 'stopped');
    const counts = new Map<string, number>();
    for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
    return {
      name: entry.name,
      running: statuses.filter((status) => status === 'online' || status === 'launching').length,
      total: entry.slots.length,
      status: [...counts].map(([status, count]) => `${count} ${status}`).join(', ') || 'no instances',
      revision: entry.nextRevision,
    };
  });
}

function planDesired(daemon: ReconcileContext, desired: DesiredState): Plan {
  return makePlan({
    desired: desired.specs,
    source: desired.source,
    applied: [...daemon.table.apps.values()].map((entry) => ({ spec: entry.spec, source: entry.source })),
    live: liveApps(daemon),
    options: {
      prune: desired.prune,
      mode: desired.mode,
      ...(desired.only ? { only: desired.only } : {}),
      ...(desired.forceReload ? { forceReload: desired.forceReload } : {}),
      ...(desired.adopt ? { adopt: true } : {}),
    },
  });
}

const restarting = new Set(['reload', 'restart', 'replace']);

/** The plan told which shell env keys `--update-env` changes for the apps it restarts. */
function withShellEnv(daemon: ReconcileContext, desired: DesiredState, plan: Plan): Plan {
  if (desired.updateEnv !== true) return plan;
  const shellEnv: Record<string, string[]> = {};
  for (const step of plan.steps) {
    const entry = daemon.table.apps.get(step.app);
    if (!entry || !restarting.has(step.action)) continue;
    const keys = Object.keys(desired.baseEnv)
      .filter((key) => entry.baseEnv[key] !== desired.baseEnv[key])
      .sort();
    if (keys.length > 0) shellEnv[step.app] = keys;
  }
  return Object.keys(shellEnv).length > 0 ? { ...plan, shellEnv } : plan;
}

/** Fields that differ from the last applied spec, for the app's history. */
function changedFields(before: AppSpec, after: AppSpec): string[] {
  const paths = diffSpecs(before, after).paths;
  return paths.length > 0 ? paths : ['(restarted)'];
}

function executorFor(daemon: ReconcileContext, params: ApplyParams, report: (app: string, message: string) => void): PlanExecutor {
  const ops = daemon.operations;
  const prepare = (name: string) => {
    const entry = daemon.table.need(name);
    if (params.resetEnv) entry.baseEnv = { ...params.baseEnv };
    else if (params.updateEnv) entry.baseEnv = { ...entry.baseEnv, ...params.baseEnv };
    return entry;
  };
  return {
    create: (spec, source) => ops.exclusive(spec.name, () => ops.create(spec, source, params.baseEnv)),
    remove: (name) => ops.exclusive(name, () => ops.removeApp(daemon.table.need(name))),
    adopt: (name, source) => {
      daemon.table.need(name).source = source;
      daemon.table.changed(name);
      return Promise.resolve();
    },
    updateLive: (spec) =>
      ops.exclusive(spec.name, () => {
        const entry = daemon.table.need(spec.name);
        ops.updateLive(entry, spec, changedFields(entry.spec, spec));
        return Promise.resolve();
      }),
    scale: (spec, instances) =>
      ops.exclusive(spec.name, async () => {
        const entry = daemon.table.need(spec.name);
        const changed = diffSpecs(entry.spec, spec).paths;
        await ops.ensureRunning(entry);
        await ops.scale(entry, { ...spec, instances }, []);
        ops.updateLive(entry, spec, changed);
      }),
    reload: (spec) =>
      ops.exclusive(spec.name, () => {
        const entry = prepare(spec.name);
        return ops.reload(entry, spec, changedFields(entry.spec, spec), {
          report: (message) => report(spec.name, message),
          ...(params.parallel ? { parallel: params.parallel } : {}),
        });
      }),
    restart: (spec) =>
      ops.exclusive(spec.name, () => {
        const entry = prepare(spec.name);
        return ops.reload(entry, spec, changedFields(entry.spec, spec), {
          restart: true,
          report: (message) => report(spec.name, message),
          ...(params.parallel ? { parallel: params.parallel } : {}),
        });
      }),
    replace: (spec) =>
      ops.exclusive(spec.name, () => {
        const entry = prepare(spec.name);
        return ops.replace(entry, spec, changedFields(entry.spec, spec));
      }),
  };
}

function deletesWholeSource(daemon: ReconcileContext, plan: Plan): boolean {
  const owned = [...daemon.table.apps.values()].filter((entry) => entry.source === plan.source).length;
  const deleted = plan.steps.filter((step) => step.action === 'delete' && step.reason === 'pruned').length;
  return owned > 0 && deleted === owned;
}

/** plan / apply / rollback of desired states, holding the apply lock. */
export class Reconciler {
  private lock: { holder: string; since: number } | null = null;

  constructor(private readonly ctx: ReconcileContext) {}

  /** The plan for a desired state (pure planning over the table's applied specs and live counts). */
  plan(desired: DesiredState): Plan {
    return withShellEnv(this.ctx, desired, planDesired(this.ctx, desired));
  }

  /** Plans `params` and applies exactly that plan, one apply at a time (E_APPLY_LOCKED names the holder). */
  async apply(params: ApplyParams, progress: (progress: Progress) => void): Promise<ApplyResult> {
    const daemon = this.ctx;
    if (this.lock) {
      const held = this.lock;
      throw new TendError('E_APPLY_LOCKED', `another apply is running (${held.holder}, for ${Math.round((Date.now() - held.since) / 1000)} s)`);
    }
    this.lock = { holder: params.holder, since: Date.now() };
    try {
      const plan = withShellEnv(daemon, params, planDesired(daemon, params));
      if (params.fingerprint !== undefined && params.fingerprint !== plan.fingerprint) {
        throw new TendError('E_PLAN_STALE', 'the live state changed since this plan was made');
      }
      if (deletesWholeSource(daemon, plan) && !params.confirmed) {
        throw new TendError('E_CONFIRM_REQUIRED', `this apply would delete every app of ${plan.source}`, {
          hint: 'Re-run with --yes if that is what you want.',
        });
      }
      // Instance-level progress (rolling reloads) is reported under the step of its app (steps of
      // different apps run side by side).
      const stepOfApp = new Map(plan.steps.map((step, offset) => [step.app, { step: offset + 1, action: step.action }]));
      const report = (app: string, message: string): void => {
        const current = stepOfApp.get(app) ?? { step: 0, action: '' };
        progress({ step: current.step, total: plan.steps.length, app, action: current.action, message });
      };
      const outcome = await applyPlan(
        plan,
        executorFor(daemon, params, report),
        (event) => {
          const message = event.phase === 'failed' ? `failed: ${event.error.message}` : event.phase;
          const report = (): void => progress({ step: event.index, total: event.total, app: event.step.app, action: event.step.action, message });
          // A step reported done is on disk: a crash right after it never takes it back. The report
          // waits for the next write instead of forcing one per step (one fsync for the steps of a tick).
          if (event.phase === 'done') daemon.afterPersist(report);
          else report();
        },
        // --fail-fast runs one step at a time, so that nothing starts after a failure.
        { failFast: params.failFast ?? false, width: params.failFast === true ? 1 : applyWidth },
      );
      daemon.persist();
      if (outcome.ok) return { plan, applied: true, failed: null, failures: [] };
      const failures = outcome.failures.map((failure) => ({ step: failure.index, app: failure.step.app, error: failure.error.toJSON() }));
      for (const failure of outcome.failures)
        daemon.logger.warn({ code: failure.error.code, err: failure.error.message, app: failure.step.app }, 'apply step failed');
      return { plan, applied: false, failed: { step: outcome.failed, app: outcome.step.app, error: outcome.error.toJSON() }, failures };
    } finally {
      this.lock = null;
    }
  }

  /** Applies an earlier revision of one app from its history. */
  rollback(params: Methods['rollback']['params'], progress: (progress: Progress) => void): Promise<ApplyResult> {
    const entry = this.ctx.table.need(params.name);
    // History ends with the revision that runs now: the default target is the one before it.
    const target = params.revision === undefined ? entry.history[entry.history.length - 2] : entry.history.find((item) => item.revision === params.revision);
    if (!target) throw new TendError('E_REVISION_NOT_FOUND', `app ${params.name} has no revision ${params.revision ?? 'before the current one'}`);
    return this.apply(
      { specs: [target.spec], source: entry.source, baseEnv: entry.baseEnv, mode: 'apply', prune: false, only: [entry.name], holder: params.holder },
      progress,
    );
  }
}
