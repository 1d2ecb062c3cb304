// The seam between the daemon's request handlers / plan executor and the supervisor, which is the
// only code that spawns, signals and restarts app processes.
import type { AppSpec } from '../../ecosystem/types.js';
import type { LogPaths } from '../logs/types.js';
import type { AppMessageEvent, LifecycleEvent, ProcessStatus } from '../../protocol/events.js';

/** One process slot of an app (PM2's pm_id is per process, kept across restarts and reloads). */
export interface InstanceInfo {
  pm_id: number;
  name: string;
  /** 0-based slot within the app: NODE_APP_INSTANCE (or instance_var). */
  index: number;
  pid: number | null;
  /** Start time of `pid` (field 22 of /proc/<pid>/stat): tells the process apart from a later one reusing the pid. */
  pid_start: string | null;
  status: ProcessStatus;
  /** Restarts of any kind: crashes, restarts, reloads, memory and cron restarts. */
  restart_time: number;
  unstable_restarts: number;
  /** The last exponential-backoff restart delay in ms, 0 when none (PM2's prev_restart_delay). */
  prev_restart_delay: number;
  /** ms since epoch the slot was created (reset refreshes it). */
  created_at: number;
  /** ms since epoch the current process came online (0 if never). */
  pm_uptime: number;
  exit_code: number | null;
  exit_signal: string | null;
  /** The spec this slot runs now. */
  spec: AppSpec;
  logs: LogPaths;
  /** The env the process was started with, as the app sees it. */
  env: Record<string, string>;
}

export interface LaunchRequest {
  pm_id: number;
  index: number;
  spec: AppSpec;
  /** Environment of the CLI call that started the app (the base the app env is laid over). */
  baseEnv: Record<string, string>;
  /**
   * A new app's first start: a crash before it is ready ends the slot errored, with no restart (the
   * caller reports the failure; `restart` or the next apply tries again).
   */
  firstStart?: boolean;
}

export interface SupervisorEvents {
  lifecycle: [LifecycleEvent];
  message: [AppMessageEvent];
}

/** What the daemon keeps of each running process so that it can stop leftovers after its own crash. */
export interface OrphanRecord {
  pid: number;
  pid_start: string | null;
}
