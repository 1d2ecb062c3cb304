// A plan saved by `tend plan -o plan.json` carries the desired state it was made from, so that
// `tend apply plan.json` applies exactly it — or refuses when the live state moved (E_PLAN_STALE).
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { checkShape } from '../errors/check-shape.js';
import { appSpecSchema } from '../ecosystem/spec-schema.js';
import { parseSavedPlan } from '../reconciler/saved-plan.js';
import type { Plan } from '../reconciler/types.js';

/** What `tend plan -o` stores beside the plan. */
const desiredPartSchema = z.object({
  desired: z.object({ source: z.string(), specs: z.array(appSpecSchema) }),
  prune: z.boolean().default(true),
});

export interface SavedPlanFile extends z.infer<typeof desiredPartSchema> {
  plan: Plan;
}

/** Reads a saved plan, or returns null when the file is not one (an ecosystem file). */
export function readSavedPlan(file: string): SavedPlanFile | null {
  if (!file.endsWith('.json')) return null;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || !('format_version' in value)) return null;
  const plan = parseSavedPlan(value);
  const { desired, prune } = checkShape(desiredPartSchema, value, 'E_PLAN_INVALID', `${file} is not a valid saved plan`, {
    hint: 'Save plans with `tend plan -o FILE` and do not edit them; make a new one.',
  });
  return { plan, desired, prune };
}

/**
 * Saves a plan with the desired state it was made from. The file holds full specs, secret env
 * values included, so only its owner may read it (0600).
 */
export function writeSavedPlan(file: string, saved: SavedPlanFile): void {
  writeFileSync(file, `${JSON.stringify({ ...saved.plan, desired: saved.desired, prune: saved.prune }, null, 2)}\n`, { mode: 0o600 });
}
