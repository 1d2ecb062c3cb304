// The normalized AppSpec as a runtime schema, derived from the field catalog: a spec that crosses the
// socket or comes back from a file is checked field by field with the catalog's own parsers, and must
// already be normalized (parsing it again changes nothing). Messages never quote values: env holds secrets.
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { Derived, specFields, type SpecField } from './catalog.js';
import type { AppSpec } from './types.js';

/** Normalized values hold no machine-dependent forms ("max", 0 instances), so any CPU count does. */
const context = { cpus: 1 };

const fields = Object.values(specFields) as SpecField[];

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/**
 * One check over the whole object rather than a zod schema per field: a plan of 5,000 apps carries
 * 250,000 fields, and zod's per-field machinery was most of the cost. Unknown keys are dropped and the
 * fields come out in catalog order, as z.object would give them.
 */
export const appSpecSchema = z.unknown().transform((value, issues) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.addIssue({ code: 'custom', message: `expected object, received ${typeName(value)}` });
    return z.NEVER;
  }
  const record = value as Record<string, unknown>;
  const spec: Record<string, unknown> = {};
  let valid = true;
  for (const field of fields) {
    const given = record[field.name];
    const parsed = field.parser.parse(given, context);
    if (!parsed.ok)
      issues.addIssue({ code: 'custom', path: [field.name], message: `expected ${field.parser.type}: ${given === undefined ? 'missing' : parsed.message}` });
    else if (parsed.value !== given && !isDeepStrictEqual(parsed.value, given))
      issues.addIssue({ code: 'custom', path: [field.name], message: `expected a normalized ${field.parser.type}, as the ecosystem loader produces` });
    else {
      spec[field.name] = given;
      continue;
    }
    valid = false;
  }
  return valid ? (spec as unknown as AppSpec) : z.NEVER;
}) as unknown as z.ZodType<AppSpec>;

/**
 * A spec that a file of an earlier tend wrote (state.json, the dump, sync state): a field added since
 * is filled with its catalog default, so upgrading tend never loses the apps a home remembers. A field
 * whose default depends on others (Derived) cannot be filled and still fails.
 */
export const storedSpecSchema = z.preprocess((value) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const filled: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const field of fields) {
    if (field.name in filled || field.default instanceof Derived) continue;
    const parsed = field.parser.parse(field.default, context);
    if (parsed.ok) filled[field.name] = parsed.value;
  }
  return filled;
}, appSpecSchema) as unknown as z.ZodType<AppSpec>;
