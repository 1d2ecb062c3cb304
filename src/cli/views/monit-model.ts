// What `tend monit` shows, as plain data: panel sizes for a terminal size, the process rows, the
// selected process's metadata and a bounded buffer of log lines per app. No terminal I/O here.
import type { DaemonEvent, ProcessRecord } from '../../protocol/messages.js';
import { formatBytes, formatDuration } from './format.js';

export interface Layout {
  columns: number;
  /** Rows the dashboard uses: one fewer than the terminal, so the renderer never scrolls it. */
  height: number;
  listHeight: number;
  /** Process rows visible in the list panel. */
  listRows: number;
  bottomHeight: number;
  metaWidth: number;
  logsWidth: number;
  /** Log lines visible in the logs panel. */
  logRows: number;
}

export function layoutFor(columns: number, rows: number, processCount: number): Layout {
  const width = Math.max(40, columns);
  const height = Math.max(12, rows - 1);
  // Title and help line take one row each; each panel has a border and (the list) a heading.
  const body = height - 2;
  const listHeight = Math.min(Math.max(processCount, 1) + 3, Math.max(5, Math.floor(body * 0.4)));
  const bottomHeight = body - listHeight;
  const metaWidth = Math.min(42, Math.floor(width * 0.42));
  return {
    columns: width,
    height,
    listHeight,
    listRows: listHeight - 3,
    bottomHeight,
    metaWidth,
    logsWidth: width - metaWidth,
    logRows: Math.max(1, bottomHeight - 2),
  };
}

/** Said in the title when the list has more processes than rows: ` · 4 hidden (↑/↓ to scroll)`. */
export function hiddenNote(total: number, shown: number): string {
  return total > shown ? ` · ${total - shown} hidden (↑/↓ to scroll)` : '';
}

/** Keeps the selected row visible: the index of the first row shown. */
export function scrollStart(total: number, selected: number, visible: number): number {
  if (total <= visible) return 0;
  return Math.min(Math.max(0, selected - Math.floor(visible / 2)), total - visible);
}

/** Control characters and escape sequences from app output would move the cursor or recolour the screen. */
export function sanitize(text: string): string {
  return text
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b\][^\x07]*(\x07|\x1b\\)/g, '')
    .replace(/\t/g, '  ')
    .replace(/[\x00-\x1f\x7f]/g, '');
}

export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text.padEnd(width);
  return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

const columnsOfRow = { id: 4, mode: 8, status: 16, cpu: 7, mem: 9, restarts: 4, uptime: 7 };

export function processHeading(width: number): string {
  const nameWidth = Math.max(8, width - Object.values(columnsOfRow).reduce((a, b) => a + b, 0));
  const c = columnsOfRow;
  return fit(
    `${fit('id', c.id)}${fit('name', nameWidth)}${fit('mode', c.mode)}${fit('status', c.status)}${fit('cpu', c.cpu)}${fit('mem', c.mem)}${fit('↺', c.restarts)}${fit('uptime', c.uptime)}`,
    width,
  );
}

export function processRow(record: ProcessRecord, width: number, now: number): string {
  const c = columnsOfRow;
  const env = record.pm2_env;
  const nameWidth = Math.max(8, width - Object.values(c).reduce((a, b) => a + b, 0));
  const online = env.status === 'online';
  return fit(
    [
      fit(String(record.pm_id), c.id),
      fit(record.name, nameWidth - 1) + ' ',
      fit(env.exec_mode === 'cluster_mode' ? 'cluster' : 'fork', c.mode),
      fit(env.status, c.status),
      fit(`${record.monit.cpu}%`, c.cpu),
      fit(formatBytes(record.monit.memory), c.mem),
      fit(String(env.restart_time), c.restarts),
      fit(online ? formatDuration(now - env.pm_uptime) : '-', c.uptime),
    ].join(''),
    width,
  );
}

/** Label/value pairs describing the selected process. */
export function metadata(record: ProcessRecord, now: number): Array<[string, string]> {
  const env = record.pm2_env;
  const online = env.status === 'online';
  const limit = typeof env.max_memory_restart === 'number' ? formatBytes(env.max_memory_restart) : 'none';
  return [
    ['name', `${record.name} (id ${record.pm_id})`],
    ['status', online ? `online, pid ${record.pid}` : env.status],
    ['uptime', online ? formatDuration(now - env.pm_uptime) : '-'],
    ['restarts', String(env.restart_time)],
    ['cpu / mem', `${record.monit.cpu}% / ${formatBytes(record.monit.memory)}`],
    ['mem limit', limit],
    ['mode', `${env.exec_mode === 'cluster_mode' ? 'cluster' : 'fork'} × ${env.instances}`],
    ['script', String(env.pm_exec_path)],
    ['cwd', String(env.pm_cwd)],
    ['interpreter', String(env.exec_interpreter)],
    ['watch', env.watch === true ? 'on' : 'off'],
    ['cron', typeof env.cron_restart === 'string' ? env.cron_restart : 'none'],
    ['namespace', env.namespace],
    ['out log', String(env.pm_out_log_path)],
    ['err log', String(env.pm_err_log_path)],
  ];
}

export interface LogEntry {
  text: string;
  kind: 'out' | 'err' | 'event';
}

/** The last lines of each app, as they arrive (bounded, so a chatty app cannot grow the CLI). */
export class LogBuffer {
  private readonly apps = new Map<string, LogEntry[]>();

  constructor(private readonly perApp = 300) {}

  push(app: string, entry: LogEntry): void {
    const lines = this.apps.get(app) ?? [];
    lines.push({ kind: entry.kind, text: sanitize(entry.text) });
    if (lines.length > this.perApp) lines.splice(0, lines.length - this.perApp);
    this.apps.set(app, lines);
  }

  /**
   * Lines read from the log files before the live ones (they happened earlier). A line logged while
   * the files were read arrives both ways: the end of the tail that repeats the start of the live
   * lines (per stream) is dropped.
   */
  prepend(app: string, entries: readonly LogEntry[]): void {
    const live = this.apps.get(app) ?? [];
    const older = entries.map((entry) => ({ kind: entry.kind, text: sanitize(entry.text) }));
    this.apps.set(app, [...withoutOverlap(older, live), ...live].slice(-this.perApp));
  }

  last(app: string, count: number): LogEntry[] {
    return (this.apps.get(app) ?? []).slice(-count);
  }
}

/** `older` without its last lines of each kind that are also the first lines of that kind in `live`. */
function withoutOverlap(older: readonly LogEntry[], live: readonly LogEntry[]): LogEntry[] {
  const dropped = new Set<LogEntry>();
  for (const kind of new Set(older.map((entry) => entry.kind))) {
    const tail = older.filter((entry) => entry.kind === kind);
    const head = live.filter((entry) => entry.kind === kind).map((entry) => entry.text);
    for (let overlap = Math.min(tail.length, head.length); overlap > 0; overlap -= 1) {
      const end = tail.slice(tail.length - overlap);
      if (end.every((entry, index) => entry.text === head[index])) {
        for (const entry of end) dropped.add(entry);
        break;
      }
    }
  }
  return older.filter((entry) => !dropped.has(entry));
}

/** Records a daemon event in the buffer; returns a notice for the status line, if the event is one. */
export function recordEvent(buffer: LogBuffer, event: DaemonEvent, multiInstance: (name: string) => boolean): string | null {
  if (event.type === 'log') {
    const { name, pm_id, stream, line } = event.event;
    buffer.push(name, { kind: stream, text: multiInstance(name) ? `${pm_id}| ${line}` : line });
    return null;
  }
  if (event.type === 'lifecycle') {
    const lifecycle = event.event;
    const detail =
      lifecycle.kind === 'exit'
        ? ` (${lifecycle.code ?? lifecycle.signal ?? '?'})`
        : lifecycle.kind === 'start-failed'
          ? `: ${lifecycle.reason}`
          : lifecycle.pid
            ? ` (pid ${lifecycle.pid})`
            : '';
    buffer.push(lifecycle.name, { kind: 'event', text: `[tend] ${lifecycle.pm_id} ${lifecycle.kind}${detail}` });
    return null;
  }
  if (event.type === 'daemon') return event.event.message;
  return null;
}
