// What state.json (and its journal, and the dump) keep, as runtime schemas: loaded documents are checked.
import { z } from 'zod';
import { storedSpecSchema } from '../ecosystem/spec-schema.js';
import { storedHistoryEntrySchema } from '../protocol/history.js';

export const stateFormat = 1;

const storedSlotSchema = z.object({
  pm_id: z.number(),
  index: z.number(),
  /** false after `stop`: restored as stopped. */
  wanted: z.boolean(),
  pid: z.number().nullable(),
  pid_start: z.string().nullable(),
  restart_time: z.number(),
  created_at: z.number(),
});
export type StoredSlot = z.infer<typeof storedSlotSchema>;

/** One app as state.json and the dump (`tend save`) keep it. */
export const storedAppSchema = z.object({
  name: z.string(),
  source: z.string(),
  /** The last applied spec. */
  spec: storedSpecSchema,
  baseEnv: z.record(z.string(), z.string()),
  slots: z.array(storedSlotSchema),
  history: z.array(storedHistoryEntrySchema),
  nextRevision: z.number(),
});
export type StoredApp = z.infer<typeof storedAppSchema>;

export const storedStateSchema = z.object({
  format: z.literal(stateFormat),
  nextId: z.number(),
  apps: z.array(storedAppSchema),
  /** Read on its own by the sync manager (src/daemon/sync/stored.ts): a bad source never costs the apps. */
  sync: z.unknown().exactOptional(),
  /** The generation of this file: the journal that continues it starts with the same number. */
  generation: z.number().exactOptional(),
});
export type StoredState = z.infer<typeof storedStateSchema>;
