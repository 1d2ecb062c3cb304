// Log capture: a first, plain implementation of LogHub (one line per '\n', appended as is).
// The logs work replaces the internals (formats, rotation, backpressure); the interface stays.
import { createWriteStream, mkdirSync, truncateSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type { LogHub, LogLineEvent, LogPaths, LogStream, LogTarget } from './types.js';

export interface LogHubOptions {
  logsDir: string;
  onLine: (event: LogLineEvent) => void;
}

const disabled = (path: string | null): boolean => path === '/dev/null' || path === 'NULL';

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9.-]/g, '-');
}

export function createLogHub(options: LogHubOptions): LogHub {
  const files = new Map<string, WriteStream>();

  function fileFor(path: string): WriteStream {
    let stream = files.get(path);
    if (!stream) {
      mkdirSync(dirname(path), { recursive: true });
      stream = createWriteStream(path, { flags: 'a' });
      files.set(path, stream);
    }
    return stream;
  }

  function pathsFor(target: LogTarget): LogPaths {
    const { spec } = target;
    if (spec.disable_logs) return { out: null, err: null, combined: null };
    const suffix = spec.merge_logs ? '' : `-${target.pm_id}`;
    const base = safeName(spec.name);
    const resolve = (given: string | null, kind: string): string | null =>
      given === null ? join(options.logsDir, `${base}-${kind}${suffix}.log`) : disabled(given) ? null : given;
    const combined = spec.log_file === false ? null : spec.log_file === true ? join(options.logsDir, `${base}${suffix}.log`) : disabled(spec.log_file) ? null : spec.log_file;
    return { out: resolve(spec.out_file, 'out'), err: resolve(spec.error_file, 'error'), combined };
  }

  function pump(target: LogTarget, paths: LogPaths, stream: LogStream, source: Readable | null): Promise<void> {
    if (!source) return Promise.resolve();
    const decoder = new StringDecoder('utf8');
    let pending = '';
    const primary = stream === 'out' ? paths.out : paths.err;
    const emit = (line: string): void => {
      const text = `${line}\n`;
      if (primary) fileFor(primary).write(text);
      if (paths.combined) fileFor(paths.combined).write(text);
      options.onLine({ pm_id: target.pm_id, name: target.name, stream, line, at: Date.now() });
    };
    return new Promise((resolve) => {
      source.on('data', (chunk: Buffer) => {
        pending += decoder.write(chunk);
        let index: number;
        while ((index = pending.indexOf('\n')) !== -1) {
          emit(pending.slice(0, index));
          pending = pending.slice(index + 1);
        }
      });
      source.on('close', () => {
        pending += decoder.end();
        if (pending.length > 0) emit(pending);
        resolve();
      });
    });
  }

  return {
    pathsFor,
    async attach(target, stdout, stderr) {
      const paths = pathsFor(target);
      await Promise.all([pump(target, paths, 'out', stdout), pump(target, paths, 'err', stderr)]);
    },
    flush(targets) {
      const paths = targets ? targets.flatMap((t) => Object.values(pathsFor(t))) : [...files.keys()];
      for (const path of paths) {
        if (path) {
          try {
            truncateSync(path, 0);
          } catch {
            // a log that was never written has nothing to flush
          }
        }
      }
      return Promise.resolve();
    },
    async reopen() {
      const open = [...files.entries()];
      files.clear();
      await Promise.all(open.map(([, stream]) => new Promise<void>((resolve) => stream.end(resolve))));
    },
    async close() {
      await Promise.all([...files.values()].map((stream) => new Promise<void>((resolve) => stream.end(resolve))));
      files.clear();
    },
  };
}
