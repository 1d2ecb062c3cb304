// The daemon protocol: newline-delimited JSON over TEND_HOME/rpc.sock. Requests name a method of
// `Methods`; the daemon checks the params against the method's schema (params.ts), answers once
// with a result or a coded error, and may stream `progress` messages for the same id first. A
// `subscribe` request turns the connection into an event stream (events.ts).
import type { z } from 'zod';
import type { WireError } from '../errors/index.js';
import type { Plan } from '../reconciler/types.js';
import type { OwnedSpec } from '../ecosystem/types.js';
import type { DaemonEvent } from './events.js';
import type { paramsSchemas } from './params.js';
import type { ActionResult, ApplyResult, ProcessRecord, Progress } from './records.js';
import type { HistoryEntry } from './history.js';
import type { AppMetrics } from './metrics.js';
import type { SyncResults } from './sync.js';

// The pieces of a message, declared in their own files; clients import them from here.
export type { ActionResult, ApplyResult, ProcessRecord, Progress } from './records.js';
export type { HistoryEntry } from './history.js';
export type { AppMetrics, InstanceMetrics, MetricsEvent } from './metrics.js';
export type { DaemonEvent } from './events.js';
export type { ApplyParams, DesiredState, RestartParams, TargetParams } from './params.js';
export type { PlanMode } from '../reconciler/types.js';

/** Bumped on any incompatible change; a client that meets another version says so. */
export const protocolVersion = 1;

/** Largest request line the daemon accepts (a plan of many apps fits easily). */
export const maxMessageBytes = 16 * 1024 * 1024;

interface Results extends SyncResults {
  hello: { protocol: number; version: string; pid: number; home: string; restored: string[]; notices: string[] };
  ping: { pid: number; uptime: number };
  list: ProcessRecord[];
  plan: Plan;
  apply: ApplyResult;
  stop: ActionResult;
  restart: ActionResult;
  reload: ActionResult;
  delete: ActionResult;
  reset: ActionResult;
  scale: ActionResult & { from: number; to: number };
  signal: ActionResult;
  sendData: { delivered: boolean };
  sendLine: ActionResult;
  history: HistoryEntry[];
  metrics: AppMetrics;
  specs: OwnedSpec[];
  rollback: ApplyResult;
  save: { file: string; count: number };
  resurrect: ActionResult;
  cleardump: { file: string };
  flush: { files: string[] };
  reloadLogs: { ok: true };
  subscribe: { subscribed: true };
  kill: { stopped: number };
}

export type MethodName = keyof typeof paramsSchemas;
export type Methods = { [M in MethodName]: { params: z.infer<(typeof paramsSchemas)[M]>; result: Results[M] } };
export type ParamsOf<M extends MethodName> = Methods[M]['params'];
export type ResultOf<M extends MethodName> = Methods[M]['result'];

export interface RequestMessage<M extends MethodName = MethodName> {
  id: number;
  method: M;
  params: ParamsOf<M>;
}

export type ServerMessage = { id: number; result: unknown } | { id: number; error: WireError } | { id: number; progress: Progress } | { event: DaemonEvent };
