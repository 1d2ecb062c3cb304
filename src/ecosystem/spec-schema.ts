// The normalized AppSpec as a runtime schema, derived from the field catalog: a spec that crosses the
// socket or comes back from a file is checked field by field with the catalog's own parsers, and must
// already be normalized (parsing it again changes nothing). Messages never quote values: env holds secrets.
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { Derived, specFields, type SpecField } from './catalog.js';
import type { AppSpec } from './types.js';

/** Normalized values hold no machine-dependent forms ("max", 0 instances), so any CPU count does. */
const context = { cpus: 1 };

function fieldSchema(field: SpecField): z.ZodType {
  return z.unknown().superRefine((value, issues) => {
    const parsed = field.parser.parse(value, context);
    if (!parsed.ok) issues.addIssue({ code: 'custom', message: `expected ${field.parser.type}: ${value === undefined ? 'missing' : parsed.message}` });
    else if (!isDeepStrictEqual(parsed.value, value))
      issues.addIssue({ code: 'custom', message: `expected a normalized ${field.parser.type}, as the ecosystem loader produces` });
  });
}

const fields = Object.values(specFields) as SpecField[];

export const appSpecSchema = z.object(Object.fromEntries(fields.map((field) => [field.name, fieldSchema(field)]))) as unknown as z.ZodType<AppSpec>;

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
