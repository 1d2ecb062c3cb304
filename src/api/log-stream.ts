// streamLogs and printLogs: PM2's log viewers, which print to the caller's stdout. They print what
// `tend logs` prints (the same formatter), and also hand the lines to code: printLogs resolves with
// the tailed lines, streamLogs with a LogStream that emits each live line until close().
import { EventEmitter } from 'node:events';
import { TendError } from '../errors/index.js';
import { readDaemonLog, readLastLines } from '../workspace/log-files.js';
import { DEFAULT_TIMESTAMP_FORMAT, formatDaemonLine, formatLogLine, nameWidthOf, type LogViewOptions } from '../format/log-lines.js';
import type { DaemonClient } from '../client/daemon-client.js';
import type { Session } from './session.js';
import type { LogLine, LogStream as PublicLogStream, ProcessRecord } from './types.js';

/** PM2's positional options: `(id, lines, raw, timestamp, exclusive, highlight)`. */
export interface LogCall {
  target: string;
  lines: number;
  raw: boolean;
  /** A dayjs format, or false. */
  timestamp: string | false;
  /** Only one stream (`'out'` or `'err'`), or both. */
  exclusive: 'out' | 'err' | false;
  highlight: string | undefined;
}

export function logCall(args: readonly unknown[]): LogCall {
  const [id, lines, raw, timestamp, exclusive, highlight] = args;
  const count = lines === undefined || lines === null ? 20 : Math.abs(Number(lines));
  if (!Number.isInteger(count)) throw new TendError('E_USAGE', `lines must be a whole number, not ${JSON.stringify(lines)}`);
  return {
    target: typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : 'all',
    lines: count,
    raw: raw === true,
    timestamp: typeof timestamp === 'string' && timestamp !== '' ? timestamp : timestamp === true ? DEFAULT_TIMESTAMP_FORMAT : false,
    exclusive: exclusive === 'out' || exclusive === 'err' ? exclusive : false,
    highlight: typeof highlight === 'string' ? highlight : undefined,
  };
}

/** Which processes a target names, as PM2's log viewers read it: all, a name, an id, a namespace or /regex/. */
function matcher(target: string, records: readonly ProcessRecord[]): (proc: { pm_id: number; name: string }) => boolean {
  if (target === 'all') return () => true;
  const regex = /^\/(.+)\/([a-z]*)$/.exec(target);
  if (regex?.[1] !== undefined) {
    const pattern = new RegExp(regex[1], regex[2]);
    return (proc) => pattern.test(proc.name);
  }
  const inNamespace = new Set(records.filter((record) => record.pm2_env.namespace === target).map((record) => record.name));
  return (proc) => proc.name === target || String(proc.pm_id) === target || inNamespace.has(proc.name);
}

function viewOf(call: LogCall, out: NodeJS.WritableStream): LogViewOptions {
  return {
    color: (out as { isTTY?: boolean }).isTTY === true && process.env.NO_COLOR === undefined,
    ...(call.raw ? { raw: true } : {}),
    ...(call.timestamp ? { timestamp: call.timestamp } : {}),
    ...(call.highlight === undefined ? {} : { highlight: call.highlight }),
  };
}

/** Prints the last `lines` lines of each log file of the target (the daemon's first, for all), and returns them. */
async function printTail(client: DaemonClient, call: LogCall, out: NodeJS.WritableStream): Promise<{ tail: LogLine[]; records: ProcessRecord[] }> {
  const records = await client.request('list', {});
  const matches = matcher(call.target, records);
  const selected = records.filter(matches);
  if (call.target !== 'all' && call.target !== 'PM2' && call.target !== 'TEND' && selected.length === 0) {
    throw new TendError('E_APP_NOT_FOUND', `no app matches '${call.target}'`);
  }
  const view = viewOf(call, out);
  const tail: LogLine[] = [];
  if (call.lines === 0) return { tail, records };
  if (!call.raw && call.exclusive === false && ['all', 'PM2', 'TEND'].includes(call.target)) {
    for (const line of await readDaemonLog(client.paths.daemonLog, call.lines)) out.write(`${formatDaemonLine(line, view)}\n`);
  }
  const width = nameWidthOf(selected.map((record) => record.name));
  const shown = new Set<string>();
  for (const record of selected) {
    for (const stream of ['out', 'err'] as const) {
      if (call.exclusive !== false && call.exclusive !== stream) continue;
      const path = stream === 'out' ? record.pm2_env.pm_out_log_path : record.pm2_env.pm_err_log_path;
      if (typeof path !== 'string' || path === '/dev/null' || shown.has(path)) continue;
      shown.add(path);
      for (const line of await readLastLines(path, call.lines).catch(() => [])) {
        const entry = { pm_id: record.pm_id, name: record.name, stream, line };
        tail.push(entry);
        out.write(`${formatLogLine(entry, { ...view, nameWidth: width })}\n`);
      }
    }
  }
  return { tail, records };
}

export async function printLogs(session: Session, call: LogCall, out: NodeJS.WritableStream = process.stdout): Promise<LogLine[]> {
  return (await printTail(await session.client(), call, out)).tail;
}

/** The live lines of streamLogs: `on('line', fn)` in code, printed to stdout as they come. */
export class LogStream extends EventEmitter implements PublicLogStream {
  constructor(private readonly client: DaemonClient) {
    super();
  }

  close(): void {
    this.client.close();
  }
}

/** Prints the tail, then every new line of the target until close() (or disconnect()). */
export async function streamLogs(session: Session, call: LogCall, out: NodeJS.WritableStream = process.stdout): Promise<LogStream> {
  const { records } = await printTail(await session.client(), call, out);
  const matches = matcher(call.target, records);
  const view = viewOf(call, out);
  const client = await session.extraClient();
  const stream = new LogStream(client);
  session.buses.add(stream);
  await client.subscribe({ logs: true }, (event) => {
    if (event.type !== 'log' || !matches(event.event)) return;
    if (call.exclusive !== false && event.event.stream !== call.exclusive) return;
    out.write(`${formatLogLine(event.event, view)}\n`);
    stream.emit('line', event.event);
  });
  return stream;
}
