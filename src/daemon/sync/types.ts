// Git sync as data: a source's settings, its state (what is applied, what failed, what drifted),
// its history, and what the protocol carries for the sync methods.
import type { WireError } from '../../errors/index.js';
import type { Plan, PlanSummary } from '../../reconciler/types.js';
import type { AppSpec } from '../../ecosystem/types.js';

/** What `tend sync add` declares. */
export interface SourceConfig {
  name: string;
  /** URL or absolute path of the repository. */
  repo: string;
  ref: string;
  /** The ecosystem file, relative to the repository root. */
  path: string;
  /** The env_<name> overlay to load. */
  env: string | null;
  /** Polling interval in ms; 0 turns polling off (webhook or push hook only). */
  interval: number;
  /** Shell command run in each new release directory before its apps are loaded. */
  build: string | null;
  /** ms */
  buildTimeout: number;
  prune: boolean;
  /** Revert hand changes to the source's apps at each sync (otherwise they are reported). */
  selfHeal: boolean;
  /** Accept a commit whose file declares no apps (it removes them all); refused otherwise. */
  allowEmpty?: boolean;
  /** Where to tell what happened (notify.ts). */
  notify?: NotifyTargets;
  /** Shell command run once per new revision, in its release, before any app changes (migrations). */
  pre?: string | null;
  /** Shell command run after the apps changed (smoke tests); its failure rolls back. */
  post?: string | null;
  /** ms, for pre and post (default 10 min). */
  hookTimeout?: number;
}

export interface NotifyTargets {
  /** Generic JSON webhooks. */
  webhooks: string[];
  /** Slack-compatible incoming webhooks. */
  slack: string[];
  /** Signs the generic webhooks' bodies (HMAC-SHA256, `X-Tend-Signature`). */
  secret?: string;
  /** From the CLI: the file the daemon reads `secret` from at add time (not stored). */
  secretFile?: string;
}

export type SyncStep = 'fetch' | 'resolve' | 'release' | 'build' | 'load' | 'pre' | 'apply' | 'post';

export type SyncTrigger = 'add' | 'interval' | 'webhook' | 'push' | 'manual' | 'resume' | 'rollback';

/** The five states a user sees (Argo CD's words). */
export type SyncStatus = 'synced' | 'out-of-sync' | 'progressing' | 'degraded' | 'failed';

/** A hand change to one of the source's apps. */
export interface DriftItem {
  app: string;
  /** e.g. `instances 3 → 5 (scaled by hand)`, `deleted by hand`, `2 of 3 instances not running`. */
  detail: string;
}

export interface SyncFailure {
  step: SyncStep;
  revision: string | null;
  message: string;
  at: number;
}

export interface SyncRecord {
  revision: string;
  subject: string;
  at: number;
  trigger: SyncTrigger;
  outcome: 'applied' | 'failed' | 'self-healed' | 'rolled-back';
  step: SyncStep | null;
  message: string;
  /** Steps per action, e.g. `{ create: 1, reload: 2, … total: 3 }`; null when nothing was planned. */
  summary: PlanSummary | null;
}

/** What state.json keeps per source. */
export interface StoredSource {
  config: SourceConfig;
  /** The caller env of `sync add`: the base every app env is laid over, as for `tend apply`. */
  baseEnv: Record<string, string>;
  suspended: boolean;
  /** The last revision whose `pre` hook succeeded: it runs once per revision, not at every retry. */
  preRan?: string;
  /** The revision whose apps run, and the specs it applied (the desired state self-heal restores). */
  applied: { revision: string; subject: string; at: number; specs: AppSpec[] } | null;
  /** Last head seen by a fetch. */
  head: { revision: string; at: number } | null;
  failure: SyncFailure | null;
  drift: DriftItem[];
  lastSyncAt: number | null;
  history: SyncRecord[];
}

export interface StoredWebhook {
  port: number;
  bind: string;
  /** Only a secret file survives a daemon restart; a secret from the env is kept in memory. */
  secretFile: string | null;
}

export interface StoredSync {
  sources: StoredSource[];
  webhook: StoredWebhook | null;
}

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
  /** Apps owned by the source, with instances running / wanted. */
  apps: { name: string; running: number; instances: number }[];
  message: string;
}

export interface SyncRunResult {
  source: SourceView;
  /** What happened: `applied`, `no-change`, `skipped`, `failed`, `self-healed`, `drift`. */
  outcome: 'applied' | 'no-change' | 'skipped' | 'failed' | 'self-healed' | 'drift' | 'preview';
  revision: string | null;
  plan: Plan | null;
  error: WireError | null;
  message: string;
}

export interface SyncMethods {
  syncAdd: { params: { config: SourceConfig; baseEnv: Record<string, string>; holder: string }; result: SyncRunResult };
  syncList: { params: Record<string, never>; result: SourceView[] };
  syncStatus: { params: { name?: string }; result: SourceView[] };
  syncNow: { params: { name: string; trigger?: 'manual' | 'push'; holder: string }; result: SyncRunResult };
  syncDiff: { params: { name: string; holder: string }; result: SyncRunResult };
  syncSet: { params: { name: string; changes: Partial<Omit<SourceConfig, 'name'>>; holder: string }; result: SyncRunResult };
  syncSuspend: { params: { name: string }; result: SourceView };
  syncResume: { params: { name: string; holder: string }; result: SyncRunResult };
  syncHistory: { params: { name: string }; result: SyncRecord[] };
  syncRollback: { params: { name: string; revision?: string; holder: string }; result: SyncRunResult };
  syncRemove: { params: { name: string; keepApps: boolean; holder: string }; result: { name: string; deleted: string[]; kept: string[] } };
  syncWebhook: { params: { port: number; bind: string; secret?: string; secretFile?: string; stop?: boolean }; result: { url: string | null; port: number; bind: string } };
}
