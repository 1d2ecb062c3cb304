// The data types of the API, named and shaped as PM2's type definitions name them, so that code
// typed against PM2 compiles against tend. Fields tend always fills are required here (reading
// `p.pm2_env?.status` still compiles); callbacks take `err: Error` as PM2 declares it (null on success).
import type { ProcessRecord } from '../protocol/records.js';

// The wire types the API hands out, imported in this one place — from the protocol's plain type files,
// never from its schemas, so the API's declarations need no schema library's types.
export type { ApplyResult, ProcessRecord } from '../protocol/records.js';
import type { DaemonEvent } from '../protocol/events.js';
export type { DaemonEvent } from '../protocol/events.js';
export type { Plan } from '../reconciler/types.js';

export type ProcessStatus = 'online' | 'stopping' | 'stopped' | 'launching' | 'errored' | 'waiting restart' | 'one-launch-status';

export type Platform =
  | 'ubuntu'
  | 'centos'
  | 'redhat'
  | 'gentoo'
  | 'systemd'
  | 'darwin'
  | 'amazon'
  | 'upstart'
  | 'launchd'
  | 'freebsd'
  | 'openbsd'
  | 'rcd'
  | 'systemv'
  | 'openrc'
  | 'macos'
  | (string & {});

export interface Monit {
  memory: number;
  cpu: number;
}

/** `pm2_env` of a process: PM2's fields, and everything else `tend jlist` shows. */
export type Pm2Env = ProcessRecord['pm2_env'] & {
  name: string;
  pm_id: number;
  status: ProcessStatus;
  pm_exec_path: string;
  pm_cwd: string;
  pm_out_log_path: string;
  pm_err_log_path: string;
  exec_interpreter: string;
  instances: number;
};

/** One element of `list()`, as `pm2 jlist` prints it. */
export interface ProcessDescription {
  name: string;
  pid: number;
  pm_id: number;
  monit: Monit;
  pm2_env: Pm2Env;
}

/** PM2's `Proc` (the fields its definitions give the start callback's value). */
export interface Proc {
  name?: string;
  vizion?: boolean;
  autorestart?: boolean;
  exec_mode?: string;
  exec_interpreter?: string;
  pm_exec_path?: string;
  pm_cwd?: string;
  instances?: number;
  node_args?: string[];
  pm_out_log_path?: string;
  pm_err_log_path?: string;
  pm_pid_path?: string;
  status?: string;
  pm_uptime?: number;
  created_at?: number;
  pm_id?: number;
  restart_time?: number;
  unstable_restarts?: number;
  versioning?: unknown;
  exit_code?: number;
}

/**
 * What start/stop/restart/reload/delete call back with: the affected processes (`procs[0].pm2_env`).
 * PM2's definitions call it a `Proc`; it is typed as both so code written either way compiles.
 */
export type ProcList = ProcessDescription[] & Proc;

/** The options of start(): any ecosystem field (PM2's names and aliases), plus `force`. */
export interface StartOptions {
  name?: string;
  script?: string;
  args?: string | string[];
  interpreter?: string;
  interpreter_args?: string | string[];
  node_args?: string | string[];
  cwd?: string;
  output?: string;
  error?: string;
  log_date_format?: string;
  time?: boolean;
  pid?: string;
  min_uptime?: number | string;
  max_restarts?: number;
  max_memory_restart?: number | string;
  wait_ready?: boolean;
  listen_timeout?: number;
  kill_timeout?: number;
  restart_delay?: number;
  exp_backoff_restart_delay?: number;
  autorestart?: boolean;
  stop_exit_codes?: number | number[];
  exec_mode?: string;
  instances?: number | string;
  merge_logs?: boolean;
  watch?: boolean | string | string[];
  ignore_watch?: string | string[];
  cron?: unknown;
  cron_restart?: string;
  namespace?: string;
  /** Start another copy of a script that already runs (PM2's `-f`). */
  force?: boolean;
  env?: Record<string, string | number | boolean>;
  [field: string]: unknown;
}

export interface ReloadOptions {
  /** Lay the caller's current environment over the apps' (PM2's `--update-env`). */
  updateEnv?: boolean;
  [field: string]: unknown;
}

/** `new custom(options)`: an API instance with its own folders. */
export interface CustomOptions {
  /** Where relative scripts, files and targets are resolved from (default: process.cwd()). */
  cwd?: string;
  /** The daemon home (TEND_HOME) this instance manages; PM2's name is kept. */
  pm2_home?: string;
  home?: string;
  /** false: the daemon runs inside this process, as with connect(true). Default true. */
  daemon_mode?: boolean;
  /** A fresh home of its own in the temp folder, removed by destroy(). */
  independent?: boolean;
}

/** What the bus hands listeners of PM2's event names. */
export interface BusPacket {
  process: { pm_id: number; name: string };
  at: number;
  data?: unknown;
  raw?: unknown;
  event?: string;
  manually?: boolean;
}

export type ErrCallback = (err: Error) => void;
// PM2 types these results `any`; code written against that reads whatever it likes from them.
export type ErrResultCallback = (err: Error, result: any) => void; // eslint-disable-line @typescript-eslint/no-explicit-any
export type ErrProcCallback = (err: Error, procs: ProcList) => void;
export type ErrProcDescsCallback = (err: Error, processDescriptionList: ProcessDescription[]) => void;

export interface StartupOptions {
  user?: string;
  homePath?: string;
  serviceName?: string;
  /** Write under this folder instead of / and do not run the init tool (image builds, tests). */
  destdir?: string;
}

export interface DataPacket {
  id?: number | string;
  type?: string;
  topic?: unknown;
  data?: unknown;
  [field: string]: unknown;
}

export interface FileOptions {
  /** The file's env_<name> overlay. */
  env?: string;
  only?: string[];
  /** Delete apps of this file that it no longer lists (default true). */
  prune?: boolean;
}

/** The bus of `launchBus()`: PM2's event names and packets, or every raw daemon event with `on(fn)`. */
export interface Bus {
  on(listener: (event: DaemonEvent) => void): this;
  on(event: '*', listener: (name: string, packet: BusPacket) => void): this;
  on(event: string, listener: (packet: BusPacket) => void): this;
  /** PM2 types its bus `any`: a listener typed for its own packet shape is taken as it is. */
  on(event: string, listener: (packet: any) => void): this; // eslint-disable-line @typescript-eslint/no-explicit-any
  once(event: string, listener: (packet: BusPacket) => void): this;
  off(eventOrListener: string | ((event: DaemonEvent) => void), listener?: ((packet: BusPacket) => void) | ((name: string, packet: BusPacket) => void)): this;
  removeListener(event: string, listener: (packet: BusPacket) => void): this;
  removeAllListeners(event?: string): this;
  close(): void;
}

/** A line of an app's log, as printLogs returns it and a LogStream emits it (`at` on live lines). */
export interface LogLine {
  pm_id: number;
  name: string;
  stream: 'out' | 'err';
  line: string;
  at?: number;
}

/** What streamLogs resolves with: the lines also printed, `on('line', fn)`, until close(). */
export interface LogStream {
  on(event: 'line', listener: (line: LogLine) => void): this;
  once(event: 'line', listener: (line: LogLine) => void): this;
  off(event: 'line', listener: (line: LogLine) => void): this;
  close(): void;
}

/** serve()'s options: PM2's, plus `host` (default 0.0.0.0) and `env`. */
export interface ServeOptions {
  name?: string;
  spa?: boolean;
  basicAuthUsername?: string;
  basicAuthPassword?: string;
  host?: string;
  env?: Record<string, string | number | boolean>;
  [field: string]: unknown;
}

/** What one step of a deploy reports while it runs. */
export type DeployEvent =
  | { readonly type: 'step'; readonly host: string; readonly step: string; readonly ok: boolean; readonly ms: number; readonly detail?: string }
  | { readonly type: 'output'; readonly host: string; readonly stream: 'stdout' | 'stderr'; readonly line: string }
  | { readonly type: 'notice'; readonly host?: string; readonly message: string };

/**
 * deploy()'s second argument: PM2's commander object (`{ rawArgs: [..., 'deploy', file, env, verb...] }`),
 * or the words after the file (`[env, ...verb]`, or just the env), with tend's deploy flags.
 */
export type DeployCommands =
  | string
  | string[]
  | {
      rawArgs?: string[];
      /** Deploy even when the local repository has unpushed changes (`--force`). */
      force?: boolean;
      forceUnlock?: boolean;
      parallel?: number;
      /** Each step, output line and notice as it happens. */
      onEvent?: (event: DeployEvent) => void;
    };

export interface DeployRelease {
  readonly release: string;
  readonly sha: string;
  readonly ref: string;
  readonly status: string;
  readonly time: string;
  readonly by: string;
  readonly current: boolean;
  readonly present: boolean;
}

/** What deploy() resolves with: each host's outcome (and for curr/prev/list, its releases). */
export interface DeployResult {
  verb: string;
  outcomes: { readonly host: string; readonly ok: boolean; readonly summary: string }[];
  hosts?: { readonly host: string; readonly current: string | undefined; readonly previous: string | undefined; readonly releases: readonly DeployRelease[] }[];
  warnings: string[];
  events: DeployEvent[];
}

/** What pullAndReload, pullCommitId, forward and backward resolve with. */
export interface VersionMove {
  /** false: the checkout did not move and nothing was reloaded. */
  success: boolean;
  app: string;
  /** The checkout the app runs from. */
  dir: string;
  from: string;
  to: string;
  current_revision: string;
  /** The processes reloaded. */
  procs: ProcessDescription[];
}
