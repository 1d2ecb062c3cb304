// A plan saved by `tend plan -o plan.json` carries the desired state it was made from, so that
// `tend apply plan.json` applies exactly it — or refuses when the live state moved (E_PLAN_STALE).
import { readFileSync, writeFileSync } from 'node:fs';
import { TendError } from '../errors/index.js';
import { parseSavedPlan } from '../reconciler/saved-plan.js';
import type { Plan } from '../reconciler/types.js';
import type { AppSpec } from '../ecosystem/types.js';

export interface SavedPlanFile {
  plan: Plan;
  desired: { source: string; specs: AppSpec[] };
  prune: boolean;
}

/** Reads a saved plan, or returns null when the file is not one (an ecosystem file). */
export function readSavedPlan(file: string): SavedPlanFile | null {
  if (!file.endsWith('.json')) return null;
  let text: string;
  let value: unknown;
  try {
    text = readFileSync(file, 'utf8');
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || !('format_version' in value)) return null;
  const record = value as { desired?: { source?: unknown; specs?: unknown }; prune?: unknown };
  if (!record.desired || typeof record.desired.source !== 'string' || !Array.isArray(record.desired.specs)) {
    throw new TendError('E_PLAN_INVALID', `${file} is a plan without the desired state it was made from`, { hint: 'Save plans with `tend plan -o FILE`.' });
  }
  return { plan: parseSavedPlan(text), desired: { source: record.desired.source, specs: record.desired.specs as AppSpec[] }, prune: record.prune !== false };
}

/**
 * Saves a plan with the desired state it was made from. The file holds full specs, secret env
 * values included, so only its owner may read it (0600).
 */
export function writeSavedPlan(file: string, saved: SavedPlanFile): void {
  writeFileSync(file, `${JSON.stringify({ ...saved.plan, desired: saved.desired, prune: saved.prune }, null, 2)}\n`, { mode: 0o600 });
}
