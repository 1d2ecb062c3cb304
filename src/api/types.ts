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
