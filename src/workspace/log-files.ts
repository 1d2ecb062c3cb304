// Reading log files for `tend logs`: the last N lines of a file read backwards block by block (a
// 10 GB log costs a few reads), and a readable rendering of the daemon's pino JSON log.
import { open } from 'node:fs/promises';
import dayjs from 'dayjs';
import { TendError } from '../errors/index.js';

const BLOCK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;
/** A tail reads at most this much, however long the lines: a bound on memory, not a usual limit. */
const DEFAULT_MAX_TAIL_BYTES = 64 * 1024 * 1024;

/**
 * The last `count` lines of a file (without newlines), oldest first. A missing file has no lines.
 * Reads backwards from the end; stops after `maxBytes` (the oldest, partial line is then left out).
 */
export async function readLastLines(path: string, count: number, maxBytes = DEFAULT_MAX_TAIL_BYTES): Promise<string[]> {
  if (count <= 0) return [];
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new TendError('E_LOG_READ', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  try {
    const { size } = await file.stat();
    const blocks: Buffer[] = [];
    let position = size;
    let newlines = 0;
    let trailingNewline: boolean | null = null;
    // A trailing newline ends the last line; it does not start an empty one.
    while (position > 0 && size - position < maxBytes) {
      const length = Math.min(BLOCK_BYTES, position);
      position -= length;
      const block = Buffer.alloc(length);
      const { bytesRead } = await file.read(block, 0, length, position);
      const data = block.subarray(0, bytesRead);
      trailingNewline ??= data[data.length - 1] === NEWLINE;
      blocks.unshift(data);
      for (const byte of data) if (byte === NEWLINE) newlines += 1;
      if (newlines - (trailingNewline ? 1 : 0) >= count) break;
    }
    if (size === 0) return [];
    let text = Buffer.concat(blocks);
    if (trailingNewline) text = text.subarray(0, text.length - 1);
    // Walk back over `count` newlines: the line after each one is whole.
    let cursor = text.length;
    let start = text.length;
    let found = 0;
    while (found < count && cursor > 0) {
      const index = text.lastIndexOf(NEWLINE, cursor - 1);
      if (index === -1) break;
      found += 1;
      start = index + 1;
      cursor = index;
    }
    if (found < count) {
      // Fewer lines than asked: all of them when the read reached the file's start, else the whole ones.
      if (position === 0) start = 0;
      else if (found === 0) return [];
    }
    return text.subarray(start).toString('utf8').split('\n');
  } finally {
    await file.close();
  }
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const PINO_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'err', 'v']);

function renderValue(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/u.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

/**
 * How daemon lines show their time (dayjs format): TEND_LOG_DATE_FORMAT or PM2's PM2_LOG_DATE_FORMAT;
 * set and empty, no time at all. tend.log itself keeps epoch milliseconds.
 */
export function daemonDateFormat(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEND_LOG_DATE_FORMAT ?? env.PM2_LOG_DATE_FORMAT ?? 'YYYY-MM-DD HH:mm:ss';
}

/** One pino JSON line as `2024-05-01 12:00:00 INFO  message key=value`, an error's stack indented below. */
export function renderDaemonLogLine(line: string, dateFormat = daemonDateFormat()): string {
  let record: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return line;
    record = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = dateFormat === '' ? '' : `${typeof record.time === 'number' ? dayjs(record.time).format(dateFormat) : '-'} `;
  const level = (typeof record.level === 'number' ? LEVELS[record.level] : undefined) ?? renderValue(record.level ?? '?').toUpperCase();
  const fields = Object.entries(record)
    .filter(([key]) => !PINO_FIELDS.has(key))
    .map(([key, value]) => ` ${key}=${renderValue(value)}`)
    .join('');
  let text = `${time}${level.padEnd(5)} ${typeof record.msg === 'string' ? record.msg : ''}${fields}`;
  const err = record.err as { message?: unknown; code?: unknown; stack?: unknown } | undefined;
  if (err && typeof err === 'object') {
    if (typeof err.code === 'string') text += ` code=${err.code}`;
    if (typeof err.stack === 'string') text += `\n${err.stack.replace(/^/gmu, '    ')}`;
    else if (typeof err.message === 'string') text += ` error=${renderValue(err.message)}`;
  }
  return text;
}

/** The last `count` entries of the daemon's log (TEND_HOME/tend.log), rendered readably. */
export async function readDaemonLog(path: string, count: number): Promise<string[]> {
  const dateFormat = daemonDateFormat();
  return (await readLastLines(path, count)).map((line) => renderDaemonLogLine(line, dateFormat));
}
