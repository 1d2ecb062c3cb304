// plan(): what it takes to make the apps of one source equal their desired specs. Pure: the same
// input gives the same plan, byte for byte; no clock, file, socket or process is read.
import { TendError } from '../errors/index.js';
import type { ActionClass, AppSpec, OwnedSpec } from '../ecosystem/types.js';
import { replaceStopsFirst, rolloutDowntime } from './availability.js';
import { diffSpecs } from './diff.js';
import { planActions } from './vocabulary.js';
import type { SpecDiff } from './diff.js';
import { compareText, fingerprint } from './fingerprint.js';
import { canonicalJson } from '../ecosystem/hash.js';
import type { Plan, PlanAction, PlanInput, PlanMode, PlanStep, PlanSummary, ReasonCode } from './types.js';

const actionOfClass: Record<ActionClass, PlanAction> = { live: 'live', scale: 'scale', reload: 'reload', replace: 'replace', identity: 'replace' };

const modeAction: Record<PlanMode, { action: PlanAction; reason: ReasonCode } | null> = {
  apply: null,
  start: { action: 'restart', reason: 'restart-requested' },
  restart: { action: 'restart', reason: 'restart-requested' },
  reload: { action: 'reload', reason: 'reload-requested' },
};

export function plan(input: PlanInput): Plan {
  const { source, options } = input;
  assertUniqueNames(input.desired);
  const appliedByName = new Map(input.applied.map((owned) => [owned.spec.name, owned]));
  const liveByName = new Map(input.live.map((app) => [app.name, app]));
  const desiredNames = new Set(input.desired.map((spec) => spec.name));
  const ownedHere = input.applied.filter((owned) => owned.source === source);
  assertKnownNames(options.only, [...desiredNames, ...ownedHere.map((owned) => owned.spec.name)], '--only');
  assertKnownNames(options.forceReload, desiredNames, '--force-reload');

  const selected = (name: string): boolean => options.only === undefined || options.only.includes(name);
  const forced = new Set(options.forceReload ?? []);
  const running = (name: string): number => liveByName.get(name)?.running ?? 0;
  const held = (name: string): number => liveByName.get(name)?.total ?? 0;

  const updates: PlanStep[] = [];
  for (const spec of input.desired) {
    if (!selected(spec.name)) continue;
    const owned = appliedByName.get(spec.name);
    if (owned === undefined) {
      updates.push(createStep(spec));
      continue;
    }
    const adopting = owned.source !== source;
    // As in PM2, the name is the identity for its verbs: the file's app takes the name over. `apply`
    // is precise and refuses unless told to adopt.
    if (adopting && options.mode === 'apply' && options.adopt !== true) {
      throw new TendError('E_PLAN_OWNER_CONFLICT', `app "${spec.name}" is managed by ${owned.source}, not by ${source}`);
    }
    const step = updateStep(owned.spec, spec, running(spec.name), held(spec.name), options.mode, forced.has(spec.name));
    if (!adopting) {
      if (step !== null) updates.push(step);
    } else updates.push({ ...(step ?? adoptOnlyStep(spec, running(spec.name))), adopt: { from: owned.source } });
  }

  const gone = ownedHere
    .filter((owned) => !desiredNames.has(owned.spec.name) && selected(owned.spec.name))
    .sort((a, b) => compareText(a.spec.name, b.spec.name));
  const prune = options.prune && options.mode === 'apply';
  const deletes = prune ? gone.map((owned) => deleteStep(owned.spec, running(owned.spec.name))) : [];
  if (prune) pairRenames(updates, deletes, gone);

  return {
    format_version: 1,
    fingerprint: fingerprint(input.applied, input.live),
    source,
    steps: [...updates, ...deletes],
    // Apps started one by one from the command line share the source `cli` without belonging together.
    orphans: prune || source === 'cli' ? [] : gone.map((owned) => owned.spec.name),
  };
}

export function isEmpty(plan: Plan): boolean {
  return plan.steps.length === 0;
}

export function planSummary(plan: Plan): PlanSummary {
  const counts = Object.fromEntries(planActions.map((action) => [action, plan.steps.filter((step) => step.action === action).length])) as Record<
    PlanAction,
    number
  >;
  return { ...counts, total: plan.steps.length };
}

/** A step with no field diff: a whole app comes, goes or changes owner. */
function wholeAppStep(
  action: PlanAction,
  reason: ReasonCode,
  app: string,
  { before, after, instances, spec }: Pick<PlanStep, 'before' | 'after' | 'instances' | 'spec'>,
): PlanStep {
  return { action, app, reason, reasons: [reason], paths: [], patch: [], before, after, instances, rename: null, adopt: null, downtime: false, spec };
}

function createStep(spec: AppSpec): PlanStep {
  // One copy for both: a plan is data to read or send, and a create is made for every app of a new file.
  const copy = structuredClone(spec);
  return wholeAppStep('create', 'new-app', spec.name, { before: null, after: copy, instances: { from: 0, to: spec.instances }, spec: copy });
}

/** An app in sync with the file, owned by another source: only its owner changes. */
function adoptOnlyStep(spec: AppSpec, running: number): PlanStep {
  return wholeAppStep('live', 'adopted', spec.name, { before: {}, after: {}, instances: { from: running, to: running }, spec: structuredClone(spec) });
}

function deleteStep(spec: AppSpec, running: number): PlanStep {
  return wholeAppStep('delete', 'pruned', spec.name, { before: structuredClone(spec), after: null, instances: { from: running, to: 0 }, spec: null });
}

/** The step for an app the daemon already has, or null when it is in sync and nothing is asked of it. */
function updateStep(applied: AppSpec, desired: AppSpec, running: number, held: number, mode: PlanMode, forced: boolean): PlanStep | null {
  const diff = diffSpecs(applied, desired);
  const causes: { action: PlanAction; reason: ReasonCode }[] = [];
  if (diff.strongest !== null) {
    causes.push({ action: actionOfClass[diff.strongest], reason: 'spec-changed' });
  }
  // Drift is measured against what should run now and after: a changed `instances` alone is no drift.
  if (instancesMissing(desired, Math.min(applied.instances, desired.instances), running)) causes.push({ action: 'scale', reason: 'instances-missing' });
  // More instances than the spec asks for: a hand `tend scale` is drift, undone by apply.
  else if (held > Math.max(applied.instances, desired.instances)) causes.push({ action: 'scale', reason: 'instances-extra' });
  const requested = modeAction[mode];
  if (requested !== null) causes.push(requested);
  if (forced) causes.push({ action: 'reload', reason: 'forced' });
  const cause = strongestCause(causes);
  if (cause === null) return null;
  return {
    action: cause.action,
    app: desired.name,
    reason: cause.reason,
    reasons: [...new Set([cause.reason, ...causes.map((other) => other.reason)])],
    ...changeFields(diff),
    instances: { from: running, to: desired.instances },
    rename: null,
    adopt: null,
    downtime:
      cause.action === 'replace'
        ? running > 0 && replaceStopsFirst(applied.exec_mode, desired.exec_mode)
        : (cause.action === 'restart' || cause.action === 'reload') && rolloutDowntime(running, cause.action, desired.exec_mode),
    spec: structuredClone(desired),
  };
}

/**
 * Fewer instances run than the spec asks for (crashed for good, stopped by hand, daemon died). Apps that
 * are not meant to be running are left alone: autostart off, or autorestart off (a job that ran to its end).
 */
function instancesMissing(desired: AppSpec, expected: number, running: number): boolean {
  return desired.autostart && desired.autorestart && running < expected;
}

/** The first cause of the strongest action wins: changes of the file explain a step better than modes do. */
function strongestCause<T extends { action: PlanAction }>(causes: readonly T[]): T | null {
  let best: T | null = null;
  for (const cause of causes) {
    if (best === null || planActions.indexOf(cause.action) > planActions.indexOf(best.action)) best = cause;
  }
  return best;
}

function changeFields(diff: SpecDiff): Pick<PlanStep, 'paths' | 'patch' | 'before' | 'after'> {
  return { paths: diff.paths, patch: diff.patch, before: diff.before, after: diff.after };
}

/**
 * A pruned app whose spec equals a new app's spec but for the name was renamed: both steps say so.
 * Pairs in file order of the new apps and name order of the old ones. Specs are matched by their
 * canonical JSON without the name, so pairing costs linear time however many apps come and go.
 */
function pairRenames(updates: PlanStep[], deletes: PlanStep[], gone: readonly OwnedSpec[]): void {
  if (gone.length === 0) return;
  const withoutName = (spec: AppSpec): string => canonicalJson({ ...spec, name: '' });
  const unpaired = new Map<string, { name: string; step: PlanStep }[]>();
  gone.forEach((owned, index) => {
    const step = deletes[index];
    if (step === undefined) return;
    const key = withoutName(owned.spec);
    const list = unpaired.get(key);
    if (list === undefined) unpaired.set(key, [{ name: owned.spec.name, step }]);
    else list.push({ name: owned.spec.name, step });
  });
  for (const create of updates) {
    if (create.action !== 'create' || create.spec === null) continue;
    const candidates = unpaired.get(withoutName(create.spec));
    const old = candidates?.shift();
    if (old === undefined) continue;
    const rename = { from: old.name, to: create.app };
    create.reason = 'renamed';
    create.reasons = ['renamed'];
    create.rename = rename;
    old.step.reason = 'renamed';
    old.step.reasons = ['renamed'];
    old.step.rename = rename;
  }
}

function assertUniqueNames(desired: readonly AppSpec[]): void {
  const seen = new Set<string>();
  for (const spec of desired) {
    if (seen.has(spec.name)) throw new TendError('E_PLAN_DUPLICATE_APP', `two apps are named "${spec.name}"`);
    seen.add(spec.name);
  }
}

function assertKnownNames(names: readonly string[] | undefined, known: Iterable<string>, flag: string): void {
  if (names === undefined) return;
  const knownNames = new Set(known);
  const unknown = names.filter((name) => !knownNames.has(name));
  if (unknown.length > 0) throw new TendError('E_PLAN_UNKNOWN_APP', `${flag} names no app of this file: ${unknown.join(', ')}`);
}
