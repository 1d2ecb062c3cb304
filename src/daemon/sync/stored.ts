// Reads the `sync` section of state.json one part at a time: a source or webhook that does not match
// its schema is left out and reported with the path of the bad field, so a damaged part never costs
// the other sources, or the apps, and never stops the daemon from starting.
import { z } from 'zod';
import { checkShape } from '../../errors/check-shape.js';
import { storedSourceSchema, storedWebhookSchema, type StoredSync } from './types.js';

const sectionSchema = z.object({ sources: z.array(z.unknown()).default([]), webhook: z.unknown().default(null) });

function readPart<T>(schema: z.ZodType<T>, value: unknown, what: string, report: (problem: string) => void): T | null {
  try {
    return checkShape(schema, value, 'E_STATE_CORRUPT', `state.json ${what} left out`);
  } catch (error) {
    report((error as Error).message);
    return null;
  }
}

export function readStoredSync(section: unknown, report: (problem: string) => void): StoredSync {
  if (section === undefined) return { sources: [], webhook: null };
  const parts = readPart(sectionSchema, section, 'sync section', report) ?? { sources: [], webhook: null };
  const sources = parts.sources.flatMap((source, index) => readPart(storedSourceSchema, source, `sync.sources[${index}]`, report) ?? []);
  const webhook = parts.webhook === null ? null : readPart(storedWebhookSchema, parts.webhook, 'sync.webhook', report);
  return { sources, webhook };
}
