// The daemon protocol: newline-delimited JSON over TEND_HOME/rpc.sock. Requests name a method of
// `Methods`; the daemon answers once with a result or a coded error, and may stream `progress`
// messages for the same id first. A `subscribe` request turns the connection into an event stream.
import type { WireError } from '../errors/index.js';
import type { Plan } from '../reconciler/types.js';
import type { AppSpec, OwnedSpec } from '../ecosystem/types.js';
import type { LogLineEvent } from '../daemon/logs/types.js';
import type { LifecycleEvent } from '../daemon/process/types.js';
import type { SyncMethods } from '../daemon/sync/types.js';

/** Bumped on any incompatible change; a client that meets another version says so. */
export const protocolVersion = 1;

/** Largest request line the daemon accepts (a plan of many apps fits easily). */
export const maxMessageBytes = 16 * 1024 * 1024;

export type PlanMode = 'apply' | 'start' | 'restart' | 'reload';

/** The desired state a CLI call sends: normalized specs of one source, and how to reconcile them. */
export interface DesiredState {
  specs: AppSpec[];
  /** Ecosystem file path, `sync:<name>`, or `cli`. */
  source: string;
  /** The caller's environment: the base every app env is laid over (as PM2). */
  baseEnv: Record<string, string>;
  mode: PlanMode;
  prune: boolean;
  only?: string[];
  forceReload?: string[];
  /** Refresh the caller env of apps that already run (`restart --update-env`; always for files). */
  updateEnv?: boolean;
}

export interface ApplyParams extends DesiredState {
  /** From a saved plan: refuse when the live state changed since (E_PLAN_STALE). */
  fingerprint?: string;
  /** Confirms an apply that deletes every app of its source. */
  confirmed?: boolean;
  /** Who asks (shown to a second apply refused by the lock). */
  holder: string;
  parallel?: number;
  /** Stop at the first failed step (by default the other apps' steps still run). */
  failFast?: boolean;
}

export interface ApplyResult {
  plan: Plan;
  applied: boolean;
  /** The first failed step, with an error naming every failure; null when every step was applied. */
  failed: { step: number; app: string; error: WireError } | null;
  /** Every failed (or, after a failure with failFast, skipped) step. */
  failures: { step: number; app: string; error: WireError }[];
}

export interface TargetParams {
  /** ids, names, script paths, namespaces, `all`, `/regex/` — resolved by the daemon. */
  targets: string[];
}

export interface RestartParams extends TargetParams {
  /** The caller's env, to become the apps' base env (`--update-env`). */
  updateEnv?: Record<string, string>;
  /** Instances restarted or reloaded at once (default 1). */
  parallel?: number;
  /** Toggle watching (PM2's `restart --watch`). */
  watch?: boolean;
}

export interface ActionResult {
  /** pm_ids acted on */
  ids: number[];
  names: string[];
}

export interface HistoryEntry {
  revision: number;
  at: number;
  source: string;
  changed: string[];
  spec: AppSpec;
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

export type DaemonEvent =
  | { type: 'lifecycle'; event: LifecycleEvent }
  | { type: 'log'; event: LogLineEvent }
  | { type: 'message'; event: { pm_id: number; name: string; data: unknown } }
  | { type: 'daemon'; event: { message: string } };

export interface Progress {
  step: number;
  total: number;
  app: string;
  action: string;
  message: string;
}

export interface Methods extends SyncMethods {
  hello: { params: { protocol: number; client: string }; result: { protocol: number; version: string; pid: number; home: string; restored: string[]; notices: string[] } };
  ping: { params: Record<string, never>; result: { pid: number; uptime: number } };
  list: { params: Record<string, never>; result: ProcessRecord[] };
  plan: { params: DesiredState; result: Plan };
  apply: { params: ApplyParams; result: ApplyResult };
  stop: { params: TargetParams & { watch?: boolean }; result: ActionResult };
  restart: { params: RestartParams; result: ActionResult };
  reload: { params: RestartParams; result: ActionResult };
  delete: { params: TargetParams; result: ActionResult };
  reset: { params: TargetParams; result: ActionResult };
  scale: { params: { name: string; instances: string }; result: ActionResult & { from: number; to: number } };
  signal: { params: TargetParams & { signal: string }; result: ActionResult };
  sendData: { params: { pm_id: number; data: unknown }; result: { delivered: boolean } };
  history: { params: { name: string }; result: HistoryEntry[] };
  /** The last applied spec and source of each app matching the targets. */
  specs: { params: TargetParams; result: OwnedSpec[] };
  rollback: { params: { name: string; revision?: number; holder: string }; result: ApplyResult };
  save: { params: { force?: boolean }; result: { file: string; count: number } };
  resurrect: { params: { baseEnv: Record<string, string> }; result: ActionResult };
  cleardump: { params: Record<string, never>; result: { file: string } };
  flush: { params: { targets?: string[] }; result: { files: string[] } };
  reloadLogs: { params: Record<string, never>; result: { ok: true } };
  subscribe: { params: { logs?: boolean; lifecycle?: boolean; messages?: boolean }; result: { subscribed: true } };
  kill: { params: { keepState?: boolean }; result: { stopped: number } };
}

export type MethodName = keyof Methods;
export type ParamsOf<M extends MethodName> = Methods[M]['params'];
export type ResultOf<M extends MethodName> = Methods[M]['result'];

export interface RequestMessage<M extends MethodName = MethodName> {
  id: number;
  method: M;
  params: ParamsOf<M>;
}

export type ServerMessage =
  | { id: number; result: unknown }
  | { id: number; error: WireError }
  | { id: number; progress: Progress }
  | { event: DaemonEvent };
