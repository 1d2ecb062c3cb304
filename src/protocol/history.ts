// An app's revision history as the daemon answers `history` and state.json keeps it.
import { z } from 'zod';
import { appSpecSchema, storedSpecSchema } from '../ecosystem/spec-schema.js';

/** One applied revision of an app (`tend history`); state.json keeps the last few per app. */
export const historyEntrySchema = z.object({
  revision: z.number(),
  at: z.number(),
  source: z.string(),
  changed: z.array(z.string()),
  spec: appSpecSchema,
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** A history entry as state.json keeps it (specs of an earlier tend get new fields' defaults). */
export const storedHistoryEntrySchema = historyEntrySchema.extend({ spec: storedSpecSchema });
