// Log capture: child output → whole lines → formatted entries → shared, rotated log files, plus one
// onLine event per line for live streaming. Nothing is lost, split mid-character or interleaved.
import { truncate } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { TendError } from '../../errors/index.js';
import { createLineFormatter, type LineFormatter } from './format.js';
import { createLineSplitter } from './line-splitter.js';
import { openLogFile, type LogFile, type RotationOptions } from './log-file.js';
import { logPathsFor } from './paths.js';
import type { LogLineEvent, LogStream } from '../../protocol/events.js';
import type { LogHub, LogHubStats, LogPaths, LogTarget } from './types.js';

export { MAX_LINE_BYTES } from './line-splitter.js';
export { isDisabledPath, safeFileName } from './paths.js';

export interface LogHubOptions {
  logsDir: string;
  onLine: (event: LogLineEvent) => void;
  /** A log file cannot be written (reported once per episode; capture goes on and retries). */
  onError?: (error: TendError) => void;
  /** Bytes queued per file before the sources writing to it are paused (default 1 MiB). */
  highWaterMark?: number;
  /** ms between attempts to write a failing file (default 1000). */
  retryDelayMs?: number;
}

interface SharedFile {
  file: LogFile;
  users: number;
}

/** A running capture: its format and its files can change live (log options apply without a restart). */
interface Attachment {
  paths: LogPaths;
  formatter: LineFormatter;
  /** The files each stream writes to now (its own file and the combined one). */
  sinks: Record<LogStream, LogFile[]>;
}

const DEFAULT_HIGH_WATER_MARK = 1024 * 1024;

/** The distinct files of a set of paths (a combined file may also be the out file). */
function usedPaths(paths: LogPaths): string[] {
  return [...new Set([paths.out, paths.err, paths.combined].filter((path): path is string => path !== null))];
}

function sinksOf(attachment: Attachment): LogFile[] {
  return [...new Set([...attachment.sinks.out, ...attachment.sinks.err])];
}

function rotationOf(target: LogTarget): RotationOptions {
  const { spec } = target;
  return { maxSize: spec.log_max_size, retain: spec.log_retain, compress: spec.log_compress };
}

export function createLogHub(options: LogHubOptions): LogHub {
  const files = new Map<string, SharedFile>();
  const attachments = new Map<number, Attachment>();
  const highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
  let pauses = 0;
  const reportError = (error: TendError): void => {
    try {
      options.onError?.(error);
    } catch {
      // a failing reporter must not break capture
    }
  };

  const pathsFor = (target: LogTarget): LogPaths => logPathsFor(target, options.logsDir);

  function acquire(path: string, target: LogTarget, formatter: LineFormatter): LogFile {
    const shared = files.get(path);
    if (shared) {
      shared.users += 1;
      shared.file.configure(rotationOf(target));
      return shared.file;
    }
    const file = openLogFile({
      path,
      ...rotationOf(target),
      highWaterMark,
      retryDelayMs: options.retryDelayMs ?? 1000,
      onError: reportError,
      formatNotice: (text) => formatter.format(Buffer.from(text), 'err', false, Date.now()),
    });
    files.set(path, { file, users: 1 });
    return file;
  }

  async function release(path: string): Promise<void> {
    const shared = files.get(path);
    if (!shared) return;
    shared.users -= 1;
    if (shared.users > 0) return;
    files.delete(path);
    await shared.file.close();
  }

  /** Feed one child stream into its files; resolves when the stream has ended and its lines are queued. */
  function pump(target: LogTarget, stream: LogStream, source: Readable, attachment: Attachment): Promise<void> {
    const splitter = createLineSplitter();
    const emit = (bytes: Buffer, continued: boolean, at: number): boolean => {
      const entry = attachment.formatter.format(bytes, stream, continued, at);
      const sinks = attachment.sinks[stream];
      let accepted = true;
      for (const sink of sinks) accepted = sink.write(entry) && accepted;
      try {
        options.onLine({
          pm_id: target.pm_id,
          name: target.name,
          stream,
          line: bytes.toString('utf8'),
          at,
          ...(continued ? { continued: true as const } : {}),
        });
      } catch {
        // a failing listener must not stop capture (the line is in the files already)
      }
      return accepted;
    };
    return new Promise((resolve) => {
      source.on('data', (chunk: Buffer | string) => {
        const at = Date.now();
        let accepted = true;
        for (const line of splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)) {
          accepted = emit(line.bytes, line.continued, at) && accepted;
        }
        if (!accepted) {
          // The files are behind: stop reading so the child blocks on its pipe instead of us buffering.
          pauses += 1;
          source.pause();
          void Promise.all(attachment.sinks[stream].map((sink) => sink.drained())).then(() => source.resume());
        }
      });
      source.on('error', () => undefined);
      source.once('close', () => {
        for (const line of splitter.end()) emit(line.bytes, line.continued, Date.now());
        resolve();
      });
    });
  }

  /** Opens (or shares) the files of a target's paths and says which stream writes where. */
  function open(target: LogTarget, formatter: LineFormatter): Attachment {
    const paths = pathsFor(target);
    const sinkFor = new Map(usedPaths(paths).map((path) => [path, acquire(path, target, formatter)]));
    const sinksOf = (primary: string | null): LogFile[] =>
      [...new Set([primary, paths.combined])].flatMap((path) => (path === null ? [] : [sinkFor.get(path)].filter((sink) => sink !== undefined)));
    return { paths, formatter, sinks: { out: sinksOf(paths.out), err: sinksOf(paths.err) } };
  }

  return {
    pathsFor,
    async attach(target, stdout, stderr) {
      const attachment = open(target, createLineFormatter(target.spec, target.pm_id));
      attachments.set(target.pm_id, attachment);
      try {
        await Promise.all([stdout ? pump(target, 'out', stdout, attachment) : undefined, stderr ? pump(target, 'err', stderr, attachment) : undefined]);
        await Promise.all(sinksOf(attachment).map((sink) => sink.settled()));
      } finally {
        if (attachments.get(target.pm_id) === attachment) attachments.delete(target.pm_id);
        await Promise.all(usedPaths(attachment.paths).map(release));
      }
    },
    reconfigure(target) {
      const attachment = attachments.get(target.pm_id);
      if (!attachment) return;
      attachment.formatter = createLineFormatter(target.spec, target.pm_id);
      const paths = pathsFor(target);
      const same = paths.out === attachment.paths.out && paths.err === attachment.paths.err && paths.combined === attachment.paths.combined;
      if (same) {
        for (const path of usedPaths(paths)) files.get(path)?.file.configure(rotationOf(target));
        return;
      }
      // New paths: the next lines go to the new files; the old ones close once written out.
      const old = attachment.paths;
      const moved = open(target, attachment.formatter);
      Object.assign(attachment, { paths: moved.paths, sinks: moved.sinks });
      void Promise.all(usedPaths(old).map(release));
    },
    async flush(targets) {
      const paths = targets ? [...new Set(targets.flatMap((target) => Object.values(pathsFor(target)) as (string | null)[]))] : [...files.keys()];
      await Promise.all(
        paths.map(async (path) => {
          if (path === null) return;
          const shared = files.get(path);
          if (shared) return shared.file.truncate();
          // A file nobody writes to right now (a stopped app): truncate it directly.
          await truncate(path, 0).catch(() => undefined);
        }),
      );
    },
    async reopen() {
      await Promise.all([...files.values()].map((shared) => shared.file.reopen()));
    },
    async close() {
      const open = [...files.values()];
      files.clear();
      await Promise.all(open.map((shared) => shared.file.close()));
    },
    stats(): LogHubStats {
      return { pauses, files: [...files.values()].map((shared) => shared.file.stats()) };
    },
  };
}
