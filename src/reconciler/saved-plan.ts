// Saved plans (`tend plan -o plan.json`, `tend apply plan.json`): the Plan object as JSON, checked on
// the way back in. Freshness (the fingerprint) is checked by the apply flow: client/plan-and-apply.ts
// before anything else, and the daemon again under its apply lock.
// A saved plan holds the full specs it applies, secret env values included (like terraform's plan
// files); its writer gives it mode 0600. The plan views (src/format/plan.ts) always redact.
import type { Operation } from 'fast-json-patch';
import { z } from 'zod';
import { TendError } from '../errors/index.js';
import { checkShape } from '../errors/check-shape.js';
import { appSpecSchema } from '../ecosystem/spec-schema.js';
import type { AppSpec } from '../ecosystem/types.js';
import type { Plan, PlanStep } from './types.js';
import { planActions, reasonCodes } from './vocabulary.js';

const name = z.string().min(1);
const count = z.number().int().min(0);
const patchOperation = z.looseObject({ op: name, path: z.string() }) as unknown as z.ZodType<Operation>;
const changedFields = z.record(z.string(), z.unknown()).nullable() as unknown as z.ZodType<Partial<AppSpec> | null>;

const stepSchema: z.ZodType<PlanStep> = z
  .object({
    action: z.enum(planActions),
    app: name,
    reason: z.enum(reasonCodes),
    reasons: z.array(z.enum(reasonCodes)),
    paths: z.array(name),
    patch: z.array(patchOperation),
    before: changedFields,
    after: changedFields,
    instances: z.object({ from: count, to: count }),
    rename: z.object({ from: name, to: name }).nullable(),
    // Plans saved before adoption existed have no `adopt`: nothing is adopted.
    adopt: z.object({ from: name }).nullable().default(null),
    downtime: z.boolean(),
    spec: appSpecSchema.nullable(),
  })
  .superRefine((step, issues) => {
    if (step.action === 'delete' && step.spec !== null)
      issues.addIssue({ code: 'custom', path: ['spec'], message: `expected null: a delete of "${step.app}" carries no spec` });
    if (step.action !== 'delete' && step.spec === null) issues.addIssue({ code: 'custom', path: ['spec'], message: `expected the spec of "${step.app}"` });
    if (step.spec && step.spec.name !== step.app)
      issues.addIssue({ code: 'custom', path: ['spec', 'name'], message: `expected "${step.app}", the app of the step` });
  });

/** A Plan as JSON; keys other than the plan's (what the CLI stores beside it) are left out. */
export const planSchema: z.ZodType<Plan> = z.object({
  format_version: z.literal(1, { error: 'expected format_version 1 (the only one this tend reads)' }),
  fingerprint: name,
  source: name,
  steps: z.array(stepSchema),
  orphans: z.array(name),
});

export function serializePlan(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** The plan in a saved file, given as its text or its parsed JSON; E_PLAN_INVALID names each bad field's path. */
export function parseSavedPlan(saved: unknown): Plan {
  return checkShape(planSchema, typeof saved === 'string' ? parseJson(saved) : saved, 'E_PLAN_INVALID', 'not a valid saved plan');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TendError('E_PLAN_INVALID', `not a valid saved plan: it is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}
