// Drift: hand changes to the apps a source owns (`tend scale web 8`, `tend stop api`, `tend delete
// api`, `tend restart api --update-env`), found by comparing the source's applied specs and env with
// the daemon's table. Crashed instances are not drift (the status says degraded); only what a person
// changed is. A plan that puts drift back names it: the step's reason `drift-reverted`, and the
// plan's `drift` says what each step reverts.
import type { AppSpec } from '../../ecosystem/types.js';
import type { Plan, PlanStep, ReasonCode } from '../../reconciler/types.js';
import type { SyncHost } from './host.js';
import type { DriftItem, StepLine } from '../../protocol/sync.js';

/** Per app of the source, the env keys that differ from the env the source starts its apps with. */
export function envDrift(daemon: Pick<SyncHost, 'table'>, source: string, baseEnv: Readonly<Record<string, string>>): Map<string, string[]> {
  const drifted = new Map<string, string[]>();
  for (const entry of daemon.table.apps.values()) {
    if (entry.source !== source) continue;
    const keys = [...new Set([...Object.keys(entry.baseEnv), ...Object.keys(baseEnv)])].filter((key) => entry.baseEnv[key] !== baseEnv[key]).sort();
    if (keys.length > 0) drifted.set(entry.name, keys);
  }
  return drifted;
}

function shownKeys(keys: readonly string[]): string {
  return keys.length <= 5 ? keys.join(', ') : `${keys.slice(0, 5).join(', ')} and ${keys.length - 5} more`;
}

export function detectDrift(
  daemon: Pick<SyncHost, 'table'>,
  source: string,
  desired: readonly AppSpec[],
  baseEnv: Readonly<Record<string, string>>,
): DriftItem[] {
  const items: DriftItem[] = [];
  const env = envDrift(daemon, source, baseEnv);
  for (const spec of desired) {
    const entry = daemon.table.apps.get(spec.name);
    if (entry === undefined) {
      items.push({ app: spec.name, detail: 'deleted by hand' });
      continue;
    }
    if (entry.source !== source) {
      items.push({ app: spec.name, detail: `now managed by ${entry.source}` });
      continue;
    }
    if (entry.slots.length !== spec.instances) {
      items.push({ app: spec.name, detail: `instances ${spec.instances} → ${entry.slots.length} (scaled by hand)` });
    } else {
      const stopped = entry.slots.filter((slot) => !slot.wanted).length;
      if (stopped > 0) items.push({ app: spec.name, detail: `${stopped} of ${entry.slots.length} instance(s) stopped by hand` });
    }
    const keys = env.get(spec.name);
    if (keys !== undefined) items.push({ app: spec.name, detail: `env ${shownKeys(keys)} changed by hand (--update-env)` });
  }
  return items;
}

/** Causes a drifted app's step has only because of the drift: `drift-reverted` takes their place as the main reason. */
const driftCauses: ReadonlySet<ReasonCode> = new Set(['instances-missing', 'instances-extra', 'new-app', 'forced']);

/**
 * The plan with every step that reverts drift saying so: `drift-reverted` among its reasons (the main
 * one when nothing else causes the step) and the drift it reverts in `plan.drift`. `forced` is dropped
 * for apps whose env drifted: the reload was asked by sync to put their env back, not by a user.
 */
export function markDriftReverted(plan: Plan, drift: readonly DriftItem[]): Plan {
  if (drift.length === 0) return plan;
  const details = new Map<string, string[]>();
  for (const item of drift) details.set(item.app, [...(details.get(item.app) ?? []), item.detail]);
  const reverted: Record<string, string[]> = {};
  const steps = plan.steps.map((step): PlanStep => {
    const detail = details.get(step.app);
    if (detail === undefined || step.action === 'delete') return step;
    reverted[step.app] = detail;
    const others = step.reasons.filter((reason) => reason !== 'forced');
    const main = driftCauses.has(step.reason) ? 'drift-reverted' : step.reason;
    const reasons: ReasonCode[] = main === 'drift-reverted' ? ['drift-reverted', ...others] : [...others, 'drift-reverted'];
    return { ...step, reason: main, reasons };
  });
  return Object.keys(reverted).length === 0 ? plan : { ...plan, steps, drift: reverted };
}

/** A plan's steps as sync keeps them (history, a pending revision). */
export function stepLines(plan: Plan): StepLine[] {
  return plan.steps.map((step) => ({ action: step.action, app: step.app, reasons: step.reasons }));
}
