// Results the daemon answers with: what a verb acted on, an apply's outcome, and one process as
// `jlist` shows it. Plain types, no schema library: the programmatic API's declarations include them.
import type { WireError } from '../errors/index.js';
import type { Plan } from '../reconciler/types.js';

export interface ActionResult {
  /** pm_ids acted on */
  ids: number[];
  names: string[];
}

export interface ApplyResult {
  plan: Plan;
  applied: boolean;
  /** The first failed step, with an error naming every failure; null when every step was applied. */
  failed: { step: number; app: string; error: WireError } | null;
  /** Every failed (or, after a failure with failFast, skipped) step. */
  failures: { step: number; app: string; error: WireError }[];
}

/** One element of `jlist`, in PM2's shape so tools that parse `pm2 jlist` keep working. */
export interface ProcessRecord {
  pid: number;
  name: string;
  pm_id: number;
  pm2_env: Record<string, unknown> & {
    status: string;
    restart_time: number;
    unstable_restarts: number;
    pm_uptime: number;
    created_at: number;
    namespace: string;
    exec_mode: 'fork_mode' | 'cluster_mode';
    instances: number;
    env: Record<string, string>;
    source: string;
    revision: string | null;
    exit_code: number | null;
    exit_signal: string | null;
    username: string;
  };
  monit: { cpu: number; memory: number };
}

export interface Progress {
  step: number;
  total: number;
  app: string;
  action: string;
  message: string;
}
