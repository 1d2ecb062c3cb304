// How `tend logs` shows a line: `id|name | text` (coloured per app on a terminal, stderr in red),
// or --raw (the text alone), --json (one object per line), with --timestamp and --highlight. The API's
// log viewers and tend-runtime print the same lines.
import dayjs from 'dayjs';
import pc from 'picocolors';
import { CONTINUATION_MARK, type LifecycleEvent, type LogStream } from '../protocol/events.js';

/** A line to show: live from the daemon (with `at`) or read back from a file (without). */
export interface LogLineView {
  pm_id: number;
  name: string;
  stream: LogStream;
  line: string;
  /** ms since epoch when the line was captured; unknown for lines read from a file. */
  at?: number;
  continued?: true;
}

export interface LogViewOptions {
  /** Colours (a terminal without NO_COLOR). */
  color: boolean;
  raw?: boolean;
  json?: boolean;
  /** dayjs format of a timestamp put before each line with a known time; false/absent: none. */
  timestamp?: string | false;
  /** Text to make stand out. */
  highlight?: string;
  /** Width the names are padded to, so lines of several apps align. */
  nameWidth?: number;
}

/** `tend logs --timestamp` without a format, as PM2's. */
export const DEFAULT_TIMESTAMP_FORMAT = 'YYYY-MM-DD-HH:mm:ss';

const APP_COLOURS = ['cyan', 'green', 'magenta', 'blue', 'yellow'] as const;

/** The width that aligns these names. */
export function nameWidthOf(names: readonly string[]): number {
  return names.reduce((width, name) => Math.max(width, name.length), 0);
}

function highlighted(text: string, word: string | undefined, color: boolean): string {
  if (!word || !color) return text;
  const colours = pc.createColors(true);
  return text.split(word).join(colours.bgYellow(colours.black(word)));
}

export function formatLogLine(entry: LogLineView, options: LogViewOptions): string {
  const text = `${entry.continued ? CONTINUATION_MARK : ''}${entry.line}`;
  if (options.json) {
    return JSON.stringify({
      message: text,
      timestamp: entry.at === undefined ? null : new Date(entry.at).toISOString(),
      type: entry.stream,
      process_id: entry.pm_id,
      app_name: entry.name,
    });
  }
  if (options.raw) return highlighted(text, options.highlight, options.color);
  const colours = pc.createColors(options.color);
  const prefix = `${entry.pm_id}|${entry.name.padEnd(options.nameWidth ?? 0)} |`;
  const paint = entry.stream === 'err' ? colours.red : colours[APP_COLOURS[entry.pm_id % APP_COLOURS.length] ?? 'cyan'];
  const stamp = options.timestamp && entry.at !== undefined ? `${colours.dim(dayjs(entry.at).format(options.timestamp))} ` : '';
  return `${stamp}${paint(prefix)} ${highlighted(text, options.highlight, options.color)}`;
}

/** The heading before the tail of one file, as PM2 prints it. */
export function formatTailHeading(path: string, lines: number, options: Pick<LogViewOptions, 'color' | 'raw' | 'json'>): string | null {
  if (options.raw || options.json) return null;
  return pc.createColors(options.color).dim(`${path} last ${lines} lines:`);
}

/** A rendered line of the daemon's own log (see readDaemonLog). */
export function formatDaemonLine(text: string, options: Pick<LogViewOptions, 'color' | 'raw' | 'highlight'>): string {
  if (options.raw) return text;
  const colours = pc.createColors(options.color);
  // The first level word: the time before it has the user's format (TEND_LOG_DATE_FORMAT).
  const level = /(?:^|\s)(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\s/u.exec(text)?.[1];
  const body = level === 'ERROR' || level === 'FATAL' ? colours.red(text) : level === 'WARN' ? colours.yellow(text) : text;
  return `${colours.dim('tend |')} ${highlighted(body, options.highlight, options.color)}`;
}

/**
 * What the daemon did to an app, among its live lines as PM2 shows them (`App [web:0] exited with code
 * [1] …`, `… will restart in 100 ms`); null for events not worth a line. --raw and --json show app
 * output only.
 */
export function formatLifecycleLine(event: LifecycleEvent, options: Pick<LogViewOptions, 'color' | 'raw' | 'json'>): string | null {
  if (options.raw || options.json) return null;
  const app = `App [${event.name}:${event.pm_id}]`;
  let text: string;
  if (event.kind === 'exit') {
    const how = event.signal === null ? `exited with code [${event.code ?? '?'}]` : `was killed by [${event.signal}]`;
    text = `${app} ${how}${event.willRestart ? `, will restart in ${event.delayMs} ms` : ''}`;
  } else if (event.kind === 'start-failed') text = `${app} failed to start: ${event.reason}`;
  else if (event.kind === 'errored') text = `${app} errored: not restarted again (see max_restarts / min_uptime)`;
  else return null;
  const colours = pc.createColors(options.color);
  return `${colours.dim('tend |')} ${colours.yellow(text)}`;
}
