// What a `subscribe` connection streams: process lifecycle, captured log lines, app messages and
// daemon notices. The supervisor and log capture emit these shapes; they are declared here, on the
// wire side, so that changing daemon internals cannot change them by accident.

export type LogStream = 'out' | 'err';

/** Starts each piece after the first of a line longer than the daemon's line limit (files and `tend logs`). */
export const CONTINUATION_MARK = '↳ ';

/** A complete line captured from an app. */
export interface LogLineEvent {
  pm_id: number;
  name: string;
  stream: LogStream;
  line: string;
  /** ms since epoch when the line was completed */
  at: number;
  /** The line continues the previous one: a long line split into pieces. */
  continued?: true;
}

export type ProcessStatus = 'launching' | 'online' | 'stopping' | 'stopped' | 'waiting restart' | 'errored';

export type LifecycleEvent =
  | { kind: 'launching' | 'online' | 'stopping' | 'stopped' | 'errored' | 'waiting restart'; pm_id: number; name: string; pid: number | null }
  | { kind: 'exit'; pm_id: number; name: string; pid: number | null; code: number | null; signal: string | null; willRestart: boolean; delayMs: number }
  | { kind: 'start-failed'; pm_id: number; name: string; reason: string };

/** A message an app sent with process.send (other than 'ready'): the API's launchBus relays them. */
export interface AppMessageEvent {
  pm_id: number;
  name: string;
  data: unknown;
}

export type DaemonEvent =
  | { type: 'lifecycle'; event: LifecycleEvent }
  | { type: 'log'; event: LogLineEvent }
  | { type: 'message'; event: AppMessageEvent }
  | { type: 'daemon'; event: { message: string } };
