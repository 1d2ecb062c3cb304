// What state.json keeps of git sync: each source's settings, what is applied, what failed, what
// drifted, and its history. The shapes the sync methods also carry are declared in src/protocol/sync.ts.
import type { AppSpec } from '../../ecosystem/types.js';
import type { DriftItem, SourceConfig, SyncFailure, SyncRecord } from '../../protocol/sync.js';

/** What state.json keeps per source. */
export interface StoredSource {
  config: SourceConfig;
  /** The caller env of `sync add`: the base every app env is laid over, as for `tend apply`. */
  baseEnv: Record<string, string>;
  suspended: boolean;
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
