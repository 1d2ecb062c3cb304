// What state.json keeps of git sync: each source's settings, what is applied, what failed, what
// drifted, and its history. The shapes the sync methods also carry are declared in src/protocol/sync.ts.
import { z } from 'zod';
import { storedSpecSchema } from '../../ecosystem/spec-schema.js';
import { driftItemSchema, pendingRevisionSchema, sourceConfigSchema, syncFailureSchema, syncRecordSchema } from '../../protocol/sync.js';

/** What state.json keeps per source. */
export const storedSourceSchema = z.object({
  config: sourceConfigSchema,
  /** The caller env of `sync add`: the base every app env is laid over, as for `tend apply`. */
  baseEnv: z.record(z.string(), z.string()),
  suspended: z.boolean(),
  /** The last revision whose `pre` hook succeeded: it runs once per revision, not at every retry. */
  preRan: z.string().exactOptional(),
  /** The revision whose apps run, and the specs it applied (the desired state self-heal restores). */
  applied: z.object({ revision: z.string(), subject: z.string(), at: z.number(), specs: z.array(storedSpecSchema) }).nullable(),
  /** Last head seen by a fetch. */
  head: z.object({ revision: z.string(), at: z.number() }).nullable(),
  failure: syncFailureSchema.nullable(),
  /** Missing in files written before drift was recorded. */
  drift: z.array(driftItemSchema).default([]),
  lastSyncAt: z.number().nullable(),
  /** With manual approval: the fetched head waiting for `tend sync now` (missing in older files). */
  pending: pendingRevisionSchema.nullable().default(null),
  history: z.array(syncRecordSchema),
});
export type StoredSource = z.infer<typeof storedSourceSchema>;

export const storedWebhookSchema = z.object({
  port: z.number(),
  bind: z.string(),
  /** Only a secret file survives a daemon restart; a secret from the env is kept in memory. */
  secretFile: z.string().nullable(),
});
export type StoredWebhook = z.infer<typeof storedWebhookSchema>;

export interface StoredSync {
  sources: StoredSource[];
  webhook: StoredWebhook | null;
}
