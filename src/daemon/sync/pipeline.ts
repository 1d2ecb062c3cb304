// One sync of one source: fetch → resolve the ref → release directory → build hook → load the
// ecosystem file in a child process → plan and apply with the same planner and executor as `tend
// apply`. A failure at any step leaves the previous revision running and is recorded with its step;
// a revision that failed is not tried again by automatic triggers, but a new commit is.
import { relative } from 'node:path';
import { TendError, asTendError } from '../../errors/index.js';
import { planSummary } from '../../reconciler/plan.js';
import type { Plan } from '../../reconciler/types.js';
import { findEcosystemFile } from '../../ecosystem/find.js';
import { hideUrlCredentials } from '../../ecosystem/redact.js';
import { loadEcosystemInChild } from './load-in-child.js';
import type { AppSpec } from '../../ecosystem/types.js';
import type { SourceRepository } from '../ports.js';
import type { SyncHost } from './host.js';
import type { Progress } from '../../protocol/messages.js';
import { detectDrift, envDrift, markDriftReverted, stepLines } from './drift.js';
import { tellSource, type NotifyEvent } from './notify.js';
import { pinUntouched } from './pin.js';
import { appendHistory } from './history.js';
import type { DriftItem, SourceConfig, SyncRecord, SyncRunResult, SyncStep, SyncTrigger } from '../../protocol/sync.js';
import type { StoredSource } from './types.js';

/** pre and post hooks' time limit when the source sets none. */
const defaultHookTimeoutMs = 10 * 60_000;
/** Release directories kept besides the ones apps run from (for quick rollbacks). */
const keptReleases = 3;
/** Triggers nobody is waiting on: they never retry a revision that already failed. */
const automatic: ReadonlySet<SyncTrigger> = new Set(['interval', 'webhook', 'push']);
/** With manual approval, the triggers that apply a new head: the rest fetch, plan and wait. */
const approving: ReadonlySet<SyncTrigger> = new Set(['manual', 'rollback']);

export interface SyncContext {
  daemon: SyncHost;
  repo: SourceRepository;
  source: StoredSource;
  holder: string;
  progress: (progress: Progress) => void;
  /** Called whenever the source's stored state changed. */
  changed: () => void;
}

type Outcome = Omit<SyncRunResult, 'source'>;

export function sourceId(name: string): string {
  return `sync:${name}`;
}

class StepError extends Error {
  constructor(
    readonly step: SyncStep,
    readonly error: TendError,
  ) {
    super(error.message);
  }
}

async function step<T>(name: SyncStep, ctx: SyncContext, message: string, fn: () => Promise<T>): Promise<T> {
  ctx.progress({ step: 0, total: 0, app: ctx.source.config.name, action: name, message });
  try {
    return await fn();
  } catch (error) {
    throw new StepError(name, asTendError(error));
  }
}

/** Appends to the source's history (history.ts says what is kept) and tells the notifications. */
function record(ctx: SyncContext, entry: SyncRecord): void {
  const event = entry.outcome === 'failed' ? 'failed' : entry.outcome === 'self-healed' ? 'self-healed' : 'applied';
  tell(ctx, event, entry.revision, entry.message, entry.steps);
  ctx.source.history = appendHistory(ctx.source.history, entry);
}

function short(revision: string): string {
  return revision.slice(0, 12);
}

/** Sends the source's notifications in the background, with the plan's steps when there is one. */
function tell(ctx: SyncContext, event: NotifyEvent, revision: string | null, message: string, steps?: SyncRecord['steps']): void {
  tellSource(ctx.source.config, ctx.daemon, event, revision, message, steps);
}

/** Whether a new head waits for `tend sync now` instead of being applied by this trigger. */
function awaitsApproval(config: SourceConfig, trigger: SyncTrigger): boolean {
  return config.approval === 'manual' && !approving.has(trigger);
}

/** Fetches and resolves the ref: the commit the branch points at now. */
export async function fetchHead(ctx: SyncContext): Promise<string> {
  const { config } = ctx.source;
  await step('fetch', ctx, `fetching ${hideUrlCredentials(config.repo)}`, () => ctx.repo.fetch(config.repo));
  const revision = await step('resolve', ctx, `resolving ${config.ref}`, () => ctx.repo.resolve(config.ref));
  ctx.source.head = { revision, at: Date.now() };
  ctx.changed();
  return revision;
}

/**
 * A normal sync: new commit → deploy; same commit → look for drift (and revert it with self-heal).
 * `approved` (`sync now --revision`): the commit the caller saw planned; any other head is refused.
 */
export async function syncSource(ctx: SyncContext, trigger: SyncTrigger, approved?: string): Promise<Outcome> {
  const { source } = ctx;
  source.lastSyncAt = Date.now();
  let revision: string;
  try {
    revision = await fetchHead(ctx);
  } catch (error) {
    return failed(ctx, error, null, trigger);
  }
  // The remote answered again: a failure that said nothing about a commit is over.
  if (source.failure !== null && source.failure.revision === null) source.failure = null;
  if (approved !== undefined && !revision.startsWith(approved.toLowerCase())) {
    throw new TendError('E_SYNC_HEAD_MOVED', `the head of '${source.config.name}' is now ${short(revision)}, not ${approved}: nothing was applied`, {
      hint: `Run \`tend sync diff ${source.config.name}\` to see its plan, then \`tend sync now ${source.config.name} --revision ${short(revision)}\`.`,
    });
  }
  if (source.applied?.revision === revision) {
    if (source.pending !== null) {
      // The head went back to what runs (a reverted push): nothing waits any more.
      source.pending = null;
      ctx.changed();
    }
    return checkDrift(ctx, trigger);
  }
  if (source.failure?.revision === revision && automatic.has(trigger)) {
    const message = `${short(revision)} failed at ${source.failure.step} and is not retried; push a new commit or run \`tend sync now ${source.config.name}\``;
    return { outcome: 'skipped', revision, plan: null, error: null, message };
  }
  if (awaitsApproval(source.config, trigger)) return awaitApproval(ctx, revision, trigger);
  return deploy(ctx, revision, trigger);
}

/**
 * Manual approval: the new head is built, loaded and planned, kept as the source's pending revision
 * (status and `sync diff` show it) and told once; `tend sync now` applies it.
 */
async function awaitApproval(ctx: SyncContext, revision: string, trigger: SyncTrigger): Promise<Outcome> {
  const { source } = ctx;
  const approve = `\`tend sync now ${source.config.name} --revision ${short(revision)}\` applies it`;
  if (source.pending?.revision === revision) {
    return { outcome: 'pending', revision, plan: null, error: null, message: `${short(revision)} ${source.pending.subject} awaits approval; ${approve}` };
  }
  try {
    const { subject, plan } = await planRevision(ctx, revision);
    const message = `${short(revision)} ${subject} awaits approval (${plan.steps.length} step(s)); ${approve}`;
    tell(ctx, 'pending', revision, message, stepLines(plan));
    return { outcome: 'pending', revision, plan, error: null, message };
  } catch (error) {
    return failed(ctx, error, revision, trigger);
  }
}

/** Builds and loads a commit and plans it against what runs (applying nothing); a manual-approval source keeps it pending. */
async function planRevision(ctx: SyncContext, revision: string): Promise<{ subject: string; plan: Plan; drift: DriftItem[] }> {
  const { source } = ctx;
  const { subject, specs } = await prepareRevision(ctx, revision);
  const drift = driftOf(ctx);
  const plan = markDriftReverted(ctx.daemon.reconciler.plan(desiredOf(ctx, specs)), drift);
  if (source.config.approval === 'manual' && source.applied?.revision !== revision) {
    source.pending = { revision, subject, at: Date.now(), steps: stepLines(plan) };
    ctx.changed();
  }
  return { subject, plan, drift };
}

/** Builds, loads and applies one commit (a new head, or an earlier one for a rollback). */
export async function deploy(ctx: SyncContext, revision: string, trigger: SyncTrigger): Promise<Outcome> {
  const { daemon, repo, source } = ctx;
  const { config } = source;
  let plan: Plan | null = null;
  try {
    const { subject, specs } = await prepareRevision(ctx, revision);
    // A new commit also reverts hand changes to the source's apps: its plan says which, never silently.
    const driftItems = driftOf(ctx);
    const drift = listed(driftItems);
    const hookEnv = { ...source.baseEnv, TEND_SYNC_PREVIOUS: source.applied?.revision ?? '' };
    const hookTimeout = config.hookTimeout ?? defaultHookTimeoutMs;
    const pre = config.pre ?? null;
    if (pre !== null && source.preRan !== revision) {
      await step('pre', ctx, `running \`${pre}\``, () => repo.runHook('pre', revision, pre, hookEnv, hookTimeout));
      source.preRan = revision;
      ctx.changed();
    }
    const result = await step('apply', ctx, `applying ${short(revision)}${drift === '' ? '' : `; reverting drift: ${drift}`}`, () =>
      daemon.reconciler.apply({ ...desiredOf(ctx, specs), confirmed: true, holder: ctx.holder }, ctx.progress),
    );
    plan = markDriftReverted(result.plan, driftItems);
    if (result.failed) {
      const cause = result.failed.error;
      await restorePrevious(ctx);
      throw new StepError('apply', new TendError('E_SYNC_APPLY', `step ${result.failed.step} (${result.failed.app}) failed: ${cause.code}: ${cause.message}`));
    }
    const post = config.post ?? null;
    if (post !== null) {
      try {
        await step('post', ctx, `running \`${post}\``, () => repo.runHook('post', revision, post, hookEnv, hookTimeout));
      } catch (error) {
        // The new revision runs but fails its check: back to the one before.
        await restorePrevious(ctx);
        throw error;
      }
    }
    source.applied = { revision, subject, at: Date.now(), specs };
    source.failure = null;
    source.drift = [];
    source.pending = null;
    const outcome = trigger === 'rollback' ? 'rolled-back' : 'applied';
    const applied = plan.steps.length === 0 ? `${short(revision)} applied: no change to the apps` : `${short(revision)} applied: ${plan.steps.length} step(s)`;
    const message = drift === '' ? applied : `${applied}; reverted drift: ${drift}`;
    record(ctx, { revision, subject, at: Date.now(), trigger, outcome, step: null, message, summary: planSummary(plan), steps: stepLines(plan) });
    ctx.changed();
    await collectReleases(ctx);
    return { outcome: 'applied', revision, plan, error: null, message };
  } catch (error) {
    return failed(ctx, error, revision, trigger, plan);
  }
}

/** The release of a commit, built and loaded: its apps' specs, pinned where their code did not change. */
async function prepareRevision(ctx: SyncContext, revision: string): Promise<{ subject: string; specs: AppSpec[] }> {
  const { repo, source } = ctx;
  const { config } = source;
  const subject = await repo.subject(revision);
  if (!repo.hasRelease(revision)) {
    await step('release', ctx, `checking out ${short(revision)} ${subject}`, () => repo.checkout(revision));
    await step('build', ctx, config.build === null ? 'no build hook' : `running \`${config.build}\``, () =>
      repo.build(revision, config.build, source.baseEnv, config.buildTimeout),
    );
  }
  const releaseDir = repo.releaseDir(revision);
  const loaded = await step('load', ctx, `loading ${config.path || 'the ecosystem file'}`, () => {
    // No --path: the first of PM2's file names that the commit has.
    const file = findEcosystemFile(config.path || undefined, releaseDir);
    return loadEcosystemInChild(file, { cwd: releaseDir, env: source.baseEnv, ...(config.env === null ? {} : { envName: config.env }) }).then((result) => ({
      ...result,
      file,
    }));
  });
  if (loaded.apps.length === 0 && config.allowEmpty !== true) {
    throw new StepError(
      'load',
      new TendError(
        'E_SYNC_EMPTY',
        `${relative(releaseDir, loaded.file)} at ${short(revision)} declares no apps; applying it would remove every app of ${config.name}`,
      ),
    );
  }
  const specs = await step('apply', ctx, 'planning', () => pinnedSpecs(ctx, loaded.apps, revision, releaseDir, relative(releaseDir, loaded.file)));
  return { subject, specs };
}

/**
 * `tend sync diff`: fetch the head, build and load it, and plan it against what runs — every step a
 * sync would take and every hand change it would revert — without applying anything.
 */
export async function previewHead(ctx: SyncContext): Promise<Outcome> {
  const { source } = ctx;
  let revision: string | null = null;
  try {
    revision = await fetchHead(ctx);
    const { subject, plan, drift: driftItems } = await planRevision(ctx, revision);
    const drift = listed(driftItems);
    const applied =
      source.applied?.revision === revision
        ? 'applied already'
        : `not applied (${source.applied ? `${short(source.applied.revision)} runs` : 'nothing applied yet'})`;
    const message = `${short(revision)} ${subject}: ${applied}; ${plan.steps.length === 0 ? 'a sync would change nothing' : `a sync would take ${plan.steps.length} step(s)`}${drift === '' ? '' : `, reverting drift: ${drift}`}`;
    return { outcome: 'preview', revision, plan, error: null, message };
  } catch (error) {
    const tendError = error instanceof StepError ? error.error : asTendError(error);
    return {
      outcome: 'failed',
      revision,
      plan: null,
      error: tendError.toJSON(),
      message: `${error instanceof StepError ? error.step : 'diff'} failed: ${tendError.message}`,
    };
  }
}

/** The hand changes an apply of the source would revert. */
function driftOf(ctx: SyncContext): DriftItem[] {
  const { applied, baseEnv, config } = ctx.source;
  if (applied === null) return [];
  return detectDrift(ctx.daemon, sourceId(config.name), applied.specs, baseEnv);
}

/** Drift as one line ('' for none). */
function listed(drift: readonly DriftItem[]): string {
  return drift.map((item) => `${item.app}: ${item.detail}`).join('; ');
}

/** The apps of the source, new paths for the apps whose files changed, old ones for the rest. */
async function pinnedSpecs(ctx: SyncContext, specs: AppSpec[], revision: string, releaseDir: string, ecosystemPath: string): Promise<AppSpec[]> {
  const { daemon, repo, source } = ctx;
  const owner = sourceId(source.config.name);
  const pinned = await pinUntouched({
    specs,
    revision,
    releaseDir,
    ecosystemPath,
    appliedSpec: (name) => {
      const entry = daemon.table.apps.get(name);
      return entry?.source === owner ? entry.spec : undefined;
    },
    releaseDirOf: (old) => (repo.hasRelease(old) ? repo.releaseDir(old) : undefined),
    changedFiles: (from, to) => repo.changedFiles(from, to),
  });
  return pinned.specs;
}

/** After a failed apply: put the apps back on the specs of the revision that ran before. */
async function restorePrevious(ctx: SyncContext): Promise<void> {
  const { daemon, source } = ctx;
  if (source.applied === null) return;
  try {
    await daemon.reconciler.apply({ ...desiredOf(ctx, source.applied.specs), confirmed: true, holder: ctx.holder }, ctx.progress);
  } catch (error) {
    daemon.logger.warn({ err: error, source: source.config.name }, 'could not restore the previous revision');
  }
}

function failed(ctx: SyncContext, error: unknown, revision: string | null, trigger: SyncTrigger, plan: Plan | null = null): Outcome {
  const { source } = ctx;
  const stepName: SyncStep = error instanceof StepError ? error.step : 'apply';
  const tendError = error instanceof StepError ? error.error : asTendError(error);
  // A busy apply lock or an unreachable remote says nothing about the commit: the next sync retries it.
  const transient = tendError.code === 'E_APPLY_LOCKED' || stepName === 'fetch' || stepName === 'resolve';
  source.failure = { step: stepName, revision: transient ? null : revision, message: tendError.message, at: Date.now() };
  // A pending revision that failed waits for nothing any more: its failure is what status shows.
  if (!transient && source.pending?.revision === revision) source.pending = null;
  if (revision !== null && !transient) {
    record(ctx, {
      revision,
      subject: '',
      at: Date.now(),
      trigger,
      outcome: 'failed',
      step: stepName,
      message: tendError.message,
      summary: plan ? planSummary(plan) : null,
      ...(plan ? { steps: stepLines(plan) } : {}),
    });
  }
  ctx.changed();
  ctx.daemon.logger.warn({ source: source.config.name, step: stepName, err: tendError }, 'sync failed');
  return { outcome: 'failed', revision, plan, error: tendError.toJSON(), message: `${stepName} failed: ${tendError.message}` };
}

/** Same commit as applied: find hand changes; revert them with self-heal, report them otherwise. */
async function checkDrift(ctx: SyncContext, trigger: SyncTrigger): Promise<Outcome> {
  const { daemon, source } = ctx;
  const applied = source.applied;
  if (applied === null) return { outcome: 'no-change', revision: null, plan: null, error: null, message: 'nothing applied yet' };
  const owner = sourceId(source.config.name);
  const drift = detectDrift(daemon, owner, applied.specs, source.baseEnv);
  if (drift.length === 0) {
    source.drift = [];
    ctx.changed();
    return { outcome: 'no-change', revision: applied.revision, plan: null, error: null, message: `${short(applied.revision)} is applied; no drift` };
  }
  const described = listed(drift);
  if (!source.config.selfHeal) {
    // Told once per new drift, not at every poll that still sees it.
    if (JSON.stringify(source.drift) !== JSON.stringify(drift)) tell(ctx, 'drift', applied.revision, `drift (not reverted without --self-heal): ${described}`);
    source.drift = drift;
    ctx.changed();
    return {
      outcome: 'drift',
      revision: applied.revision,
      plan: markDriftReverted(daemon.reconciler.plan(desiredOf(ctx, applied.specs)), drift),
      error: null,
      message: `drift (not reverted without --self-heal): ${described}`,
    };
  }
  try {
    const result = await daemon.reconciler.apply({ ...desiredOf(ctx, applied.specs), confirmed: true, holder: ctx.holder }, ctx.progress);
    if (result.failed)
      throw new TendError('E_SYNC_APPLY', `self-heal step ${result.failed.step} (${result.failed.app}) failed: ${result.failed.error.message}`);
    source.drift = [];
    const plan = markDriftReverted(result.plan, drift);
    const message = `self-healed: ${described}`;
    record(ctx, {
      revision: applied.revision,
      subject: applied.subject,
      at: Date.now(),
      trigger,
      outcome: 'self-healed',
      step: null,
      message,
      summary: planSummary(plan),
      steps: stepLines(plan),
    });
    ctx.changed();
    return { outcome: 'self-healed', revision: applied.revision, plan, error: null, message };
  } catch (error) {
    source.drift = drift;
    return failed(ctx, new StepError('apply', asTendError(error)), null, trigger);
  }
}

/**
 * The desired state of a source at `specs`. Its apps run with the source's env: an app whose env was
 * changed by hand (`restart --update-env`) is reloaded with that env put back.
 */
function desiredOf(ctx: SyncContext, specs: AppSpec[]) {
  const { daemon, source } = ctx;
  const owner = sourceId(source.config.name);
  const drifted = envDrift(daemon, owner, source.baseEnv);
  const forceReload = specs.map((spec) => spec.name).filter((name) => drifted.has(name));
  return {
    specs,
    source: owner,
    baseEnv: source.baseEnv,
    mode: 'apply' as const,
    prune: source.config.prune,
    resetEnv: true,
    ...(forceReload.length === 0 ? {} : { forceReload }),
  };
}

/** Removes release directories no app runs from, keeping the last few applied ones. */
async function collectReleases(ctx: SyncContext): Promise<void> {
  const { daemon, repo, source } = ctx;
  const owner = sourceId(source.config.name);
  const keep = new Set<string>();
  if (source.applied) keep.add(source.applied.revision);
  for (const entry of daemon.table.apps.values()) if (entry.source === owner && entry.spec.revision !== null) keep.add(entry.spec.revision);
  const recent = source.history.filter((item) => item.outcome === 'applied' || item.outcome === 'rolled-back').map((item) => item.revision);
  for (const revision of recent.slice(-keptReleases)) keep.add(revision);
  for (const revision of repo.releases()) {
    if (!keep.has(revision)) await repo.removeRelease(revision);
  }
}
