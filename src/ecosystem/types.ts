// The normalized app: what the planner compares and the daemon runs. Every field is present
// (null when unset) so that specs diff and hash uniformly. The field catalog (catalog.ts) is the one
// declaration of each ecosystem option; this type must stay equal to what it produces.

export type ExecMode = 'fork' | 'cluster';

/** How apply treats a change of a field (DESIGN.md, "The field catalog"). */
export type ActionClass = 'identity' | 'scale' | 'reload' | 'replace' | 'live';

export type LogType = 'raw' | 'json';

/** `health`: a check every start must pass besides staying up (docs/ecosystem.md). */
export type HealthCheck =
  /** An HTTP GET on 127.0.0.1; a 2xx or 3xx answer passes. `port` null: the instance's PORT. */
  | { readonly http: string; readonly port: number | null; readonly timeout: number }
  /** A TCP connection to 127.0.0.1:tcp that opens. */
  | { readonly tcp: number; readonly timeout: number };

export interface AppSpec {
  // identity
  name: string;
  // scale
  instances: number;
  // reload
  /** Absolute path when the script is a file; otherwise a command on PATH or a shell command line. */
  script: string;
  args: string[];
  /** Absolute, symlinks resolved (a new release behind `current` is a new cwd). */
  cwd: string;
  /** 'node', 'python3', 'bash', … or an absolute path; 'none' runs the script itself. */
  interpreter: string;
  interpreter_args: string[];
  /** File env with the selected env_<name> overlay and `port` applied; keys sorted. */
  env: Record<string, string>;
  filter_env: boolean | string[];
  port: number | null;
  instance_var: string;
  increment_var: string | null;
  uid: string | number | null;
  gid: string | number | null;
  source_map_support: boolean;
  /** HEAD commit of the git work tree holding cwd, when there is one. */
  revision: string | null;
  // replace
  exec_mode: ExecMode;
  // live
  namespace: string;
  autostart: boolean;
  autorestart: boolean;
  max_restarts: number;
  /** ms */
  min_uptime: number;
  /** ms */
  restart_delay: number;
  /** ms, 0 = off */
  exp_backoff_restart_delay: number;
  stop_exit_codes: number[];
  /** bytes */
  max_memory_restart: number | null;
  cron_restart: string | null;
  /** ms */
  kill_timeout: number;
  kill_signal: string;
  /** ms */
  listen_timeout: number;
  wait_ready: boolean;
  /** Git sync: repository paths whose changes are this app's new code; empty: the whole commit. */
  code_paths: string[];
  /** A check a start must pass (HTTP or TCP on 127.0.0.1), or null. */
  health: HealthCheck | null;
  shutdown_with_message: boolean;
  treekill: boolean;
  /** false, or absolute paths to watch (true → [cwd]). */
  watch: false | string[];
  ignore_watch: string[];
  /** ms */
  watch_delay: number;
  watch_options: Record<string, unknown> | null;
  /** Absolute path, '/dev/null', or null for the default under TEND_HOME/logs. */
  out_file: string | null;
  error_file: string | null;
  /** Combined log: false none, true default path, or an absolute path. */
  log_file: string | boolean;
  merge_logs: boolean;
  log_date_format: string | null;
  log_type: LogType;
  disable_logs: boolean;
  /** bytes; rotate a log file when it passes this size (null: never). */
  log_max_size: number | null;
  /** rotated files kept per log */
  log_retain: number;
  log_compress: boolean;
  pid_file: string | null;
}

/** An app as the daemon records it: its spec plus where it came from (for prune). */
export interface OwnedSpec {
  spec: AppSpec;
  /** Absolute path of the ecosystem file, `sync:<name>` for a git source, or `cli`. */
  source: string;
}
