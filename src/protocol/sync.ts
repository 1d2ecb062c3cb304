// Git sync on the wire: a source's settings, its history and status as the sync methods carry them.
// Shapes the daemon also persists (config, history, failures, drift) are declared once, here, as
// schemas; state.json's sync section reuses them.
import { z } from 'zod';
import type { WireError } from '../errors/index.js';
import type { Plan, PlanSummary } from '../reconciler/types.js';
import { planActions, reasonCodes } from '../reconciler/vocabulary.js';

const env = z.record(z.string(), z.string());

export const notifyTargetsSchema = z.object({
  /** Generic JSON webhooks. */
  webhooks: z.array(z.string()),
  /** Slack-compatible incoming webhooks. */
  slack: z.array(z.string()),
  /** Signs the generic webhooks' bodies (HMAC-SHA256, `X-Tend-Signature`). */
  secret: z.string().exactOptional(),
  /** From the CLI: the file the daemon reads `secret` from at add time (not stored). */
  secretFile: z.string().exactOptional(),
});
export type NotifyTargets = z.infer<typeof notifyTargetsSchema>;

/** What `tend sync add` declares. */
export const sourceConfigSchema = z.object({
  name: z.string(),
  /** URL or absolute path of the repository. */
  repo: z.string(),
  ref: z.string(),
  /** The ecosystem file, relative to the repository root. */
  path: z.string(),
  /** The env_<name> overlay to load. */
  env: z.string().nullable(),
  /** Polling interval in ms; 0 turns polling off (webhook or push hook only). */
  interval: z.number(),
  /** Shell command run in each new release directory before its apps are loaded. */
  build: z.string().nullable(),
  /** ms */
  buildTimeout: z.number(),
  prune: z.boolean(),
  /** Revert hand changes to the source's apps at each sync (otherwise they are reported). */
  selfHeal: z.boolean(),
  /** Accept a commit whose file declares no apps (it removes them all); refused otherwise. */
  allowEmpty: z.boolean().exactOptional(),
  /** Where to tell what happened (adapters/notify). */
  notify: notifyTargetsSchema.exactOptional(),
  /** Shell command run once per new revision, in its release, before any app changes (migrations). */
  pre: z.string().nullable().exactOptional(),
  /** Shell command run after the apps changed (smoke tests); its failure rolls back. */
  post: z.string().nullable().exactOptional(),
  /** ms, for pre and post (default 10 min). */
  hookTimeout: z.number().exactOptional(),
  /** `manual`: new heads are fetched, planned and shown, and applied only by `tend sync now` (default `auto`). */
  approval: z.enum(['auto', 'manual']).exactOptional(),
});
export type SourceConfig = z.infer<typeof sourceConfigSchema>;

export const syncSteps = ['fetch', 'resolve', 'release', 'build', 'load', 'pre', 'apply', 'post'] as const;
export type SyncStep = (typeof syncSteps)[number];

export const syncTriggers = ['add', 'interval', 'webhook', 'push', 'manual', 'resume', 'rollback'] as const;
export type SyncTrigger = (typeof syncTriggers)[number];

/** The five states a user sees (Argo CD's words). */
export type SyncStatus = 'synced' | 'out-of-sync' | 'progressing' | 'degraded' | 'failed';

/** A hand change to one of the source's apps. */
export const driftItemSchema = z.object({
  app: z.string(),
  /** e.g. `instances 3 → 5 (scaled by hand)`, `deleted by hand`, `2 of 3 instances not running`. */
  detail: z.string(),
});
export type DriftItem = z.infer<typeof driftItemSchema>;

export const syncFailureSchema = z.object({
  step: z.enum(syncSteps),
  revision: z.string().nullable(),
  message: z.string(),
  at: z.number(),
});
export type SyncFailure = z.infer<typeof syncFailureSchema>;

const planSummarySchema = z.object({
  ...Object.fromEntries(planActions.map((action) => [action, z.number()])),
  total: z.number(),
}) as unknown as z.ZodType<PlanSummary>;

/** One step of a plan as sync keeps it: what it does to which app, and why (`drift-reverted` for a hand change put back). */
export const stepLineSchema = z.object({ action: z.enum(planActions), app: z.string(), reasons: z.array(z.enum(reasonCodes)) });
export type StepLine = z.infer<typeof stepLineSchema>;

/** A head fetched while the source waits for approval: what `tend sync now` would apply. */
export const pendingRevisionSchema = z.object({
  revision: z.string(),
  subject: z.string(),
  /** When it was fetched and planned. */
  at: z.number(),
  /** Its plan against what ran then, one line per step. */
  steps: z.array(stepLineSchema),
});
export type PendingRevision = z.infer<typeof pendingRevisionSchema>;

export const syncRecordSchema = z.object({
  revision: z.string(),
  subject: z.string(),
  at: z.number(),
  trigger: z.enum(syncTriggers),
  outcome: z.enum(['applied', 'failed', 'self-healed', 'rolled-back']),
  step: z.enum(syncSteps).nullable(),
  message: z.string(),
  /** Steps per action, e.g. `{ create: 1, reload: 2, … total: 3 }`; null when nothing was planned. */
  summary: planSummarySchema.nullable(),
  /** The plan's steps with their reasons (missing in entries written before they were kept). */
  steps: z.array(stepLineSchema).exactOptional(),
});
export type SyncRecord = z.infer<typeof syncRecordSchema>;

/** One source as `sync list` / `sync status` show it. */
export interface SourceView {
  name: string;
  config: SourceConfig;
  status: SyncStatus;
  suspended: boolean;
  revision: string | null;
  subject: string | null;
  appliedAt: number | null;
  head: string | null;
  lastSyncAt: number | null;
  nextSyncAt: number | null;
  failure: SyncFailure | null;
  drift: DriftItem[];
  /** With manual approval: the head waiting for `tend sync now`, and its plan. */
  pending: PendingRevision | null;
  /** Apps owned by the source, with instances running / wanted. */
  apps: { name: string; running: number; instances: number }[];
  message: string;
}

export interface SyncRunResult {
  source: SourceView;
  /** What happened; `pending`: a new head waits for approval (manual approval), `preview`: `sync diff`. */
  outcome: 'applied' | 'no-change' | 'skipped' | 'failed' | 'self-healed' | 'drift' | 'preview' | 'pending';
  revision: string | null;
  plan: Plan | null;
  error: WireError | null;
  message: string;
}

const named = z.object({ name: z.string() });

/** Params of the sync methods. */
export const syncParamsSchemas = {
  syncAdd: z.object({ config: sourceConfigSchema, baseEnv: env, holder: z.string() }),
  syncList: z.object({}),
  syncStatus: z.object({ name: z.string().exactOptional() }),
  syncNow: z.object({
    name: z.string(),
    trigger: z.enum(['manual', 'push']).exactOptional(),
    revision: z
      .string()
      .regex(/^[0-9a-fA-F]{4,40}$/)
      .exactOptional(),
    holder: z.string(),
  }),
  syncDiff: z.object({ name: z.string(), holder: z.string() }),
  syncSet: z.object({ name: z.string(), changes: sourceConfigSchema.omit({ name: true }).partial(), holder: z.string() }),
  syncSuspend: named,
  syncResume: z.object({ name: z.string(), holder: z.string() }),
  syncHistory: named,
  syncRollback: z.object({ name: z.string(), revision: z.string().exactOptional(), holder: z.string() }),
  syncRemove: z.object({ name: z.string(), keepApps: z.boolean(), holder: z.string() }),
  syncWebhook: z.object({
    port: z.number(),
    bind: z.string(),
    secret: z.string().exactOptional(),
    secretFile: z.string().exactOptional(),
    stop: z.boolean().exactOptional(),
  }),
};

export interface SyncResults {
  syncAdd: SyncRunResult;
  syncList: SourceView[];
  syncStatus: SourceView[];
  syncNow: SyncRunResult;
  syncDiff: SyncRunResult;
  syncSet: SyncRunResult;
  syncSuspend: SourceView;
  syncResume: SyncRunResult;
  syncHistory: SyncRecord[];
  syncRollback: SyncRunResult;
  syncRemove: { name: string; deleted: string[]; kept: string[] };
  syncWebhook: { url: string | null; port: number; bind: string };
}

export type SyncMethodName = keyof typeof syncParamsSchemas;
