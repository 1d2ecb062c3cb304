// One open log file, shared by every instance writing to its path. A single writer loop appends
// batches of whole lines, so lines from different instances never interleave mid-line, rotation
// happens only between lines, and truncate/reopen run between batches.
import { mkdir, open, truncate, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TendError } from '../../errors/index.js';
import { compressionDone, compressNewest, shiftRotated } from './rotate.js';

export interface RotationOptions {
  /** bytes; rotate before a line would take the file past this size (null: never). */
  maxSize: number | null;
  /** rotated files kept */
  retain: number;
  compress: boolean;
}

export interface LogFileOptions extends RotationOptions {
  path: string;
  /** Bytes queued before write() asks its callers to pause their sources. */
  highWaterMark: number;
  /** ms between attempts while the file cannot be written. */
  retryDelayMs: number;
  /** Called once per failure episode (a full disk, a missing permission, …). */
  onError: (error: TendError) => void;
  /** The line written after a failure episode that cost lines: says how many. */
  formatNotice: (text: string) => Buffer;
}

export interface LogFileStats {
  path: string;
  queuedBytes: number;
  failing: boolean;
  dropped: number;
}

export interface LogFile {
  /** Queue one entry of whole lines. false: over the high-water mark, wait for drained(). */
  write(entry: Buffer): boolean;
  /** Resolves once the queue is below half the high-water mark (or the file is failing). */
  drained(): Promise<void>;
  /** Resolves once everything queued is written (or the file is failing: nothing to wait for). */
  settled(): Promise<void>;
  configure(rotation: RotationOptions): void;
  truncate(): Promise<void>;
  reopen(): Promise<void>;
  close(): Promise<void>;
  stats(): LogFileStats;
}

/** Largest single write: big enough for throughput, small enough to rotate near the limit. */
const BATCH_BYTES = 1024 * 1024;

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
}

export function openLogFile(options: LogFileOptions): LogFile {
  const { path, highWaterMark } = options;
  let rotation: RotationOptions = { maxSize: options.maxSize, retain: options.retain, compress: options.compress };
  let handle: FileHandle | null = null;
  let size = 0;
  let rotatable = false;
  const queue: Buffer[] = [];
  let queuedBytes = 0;
  /** A batch being written: kept with its written offset so a failed write resumes, never repeats. */
  let inflight: Buffer | null = null;
  let inflightOffset = 0;
  const controls: (() => Promise<void>)[] = [];
  let running = false;
  let closed = false;
  let failure: string | null = null;
  let dropped = 0;
  /** Queue entries ahead of the first dropped line: the drop notice goes right after them. */
  let entriesBeforeDrop = 0;
  let retryTimer: NodeJS.Timeout | null = null;
  let drainWaiters: (() => void)[] = [];
  let settleWaiters: (() => void)[] = [];

  const idle = (): boolean => !running && queue.length === 0 && inflight === null && controls.length === 0;

  function wake(): void {
    if (failure !== null || queuedBytes < highWaterMark / 2) {
      const waiters = drainWaiters;
      drainWaiters = [];
      for (const resolve of waiters) resolve();
    }
    if (failure !== null || idle()) {
      const waiters = settleWaiters;
      settleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  async function ensureOpen(): Promise<FileHandle> {
    if (handle) return handle;
    await mkdir(dirname(path), { recursive: true });
    const opened = await open(path, 'a');
    const stat = await opened.stat();
    handle = opened;
    size = stat.size;
    rotatable = stat.isFile();
    return opened;
  }

  async function closeHandle(): Promise<void> {
    const current = handle;
    handle = null;
    await current?.close();
  }

  async function rotate(): Promise<void> {
    await closeHandle();
    await shiftRotated(path, rotation.retain);
    await ensureOpen();
    if (rotation.compress && rotation.retain > 0) {
      compressNewest(path).catch((error: unknown) => {
        options.onError(new TendError('E_LOG_ROTATE', `cannot compress ${path}.1: ${errorCode(error)}`, { cause: error }));
      });
    }
  }

  /** Whole entries up to BATCH_BYTES, stopping where the file would pass maxSize (at least one entry). */
  function takeBatch(room: number): Buffer {
    let count = 0;
    let bytes = 0;
    for (const entry of queue) {
      if (count > 0 && (bytes + entry.length > BATCH_BYTES || bytes + entry.length > room)) break;
      count += 1;
      bytes += entry.length;
    }
    const entries = queue.splice(0, count);
    queuedBytes -= bytes;
    entriesBeforeDrop = Math.max(0, entriesBeforeDrop - count);
    return entries.length === 1 && entries[0] ? entries[0] : Buffer.concat(entries, bytes);
  }

  async function writeInflight(): Promise<void> {
    while (inflight !== null) {
      const file = await ensureOpen();
      const { bytesWritten } = await file.write(inflight, inflightOffset, inflight.length - inflightOffset);
      inflightOffset += bytesWritten;
      size += bytesWritten;
      if (inflightOffset >= inflight.length) {
        inflight = null;
        inflightOffset = 0;
      }
    }
  }

  function recover(): void {
    if (failure === null) return;
    failure = null;
    if (dropped > 0) {
      const notice = options.formatNotice(`tend: ${dropped} lines were dropped while ${path} could not be written`);
      dropped = 0;
      queue.splice(entriesBeforeDrop, 0, notice);
      queuedBytes += notice.length;
    }
  }

  async function step(): Promise<boolean> {
    const control = controls.shift();
    if (control) {
      await control();
      return true;
    }
    if (inflight !== null) {
      await writeInflight();
      recover();
      return true;
    }
    if (queue.length === 0) return false;
    const file = await ensureOpen();
    const limit = rotation.maxSize;
    if (limit !== null && rotatable && size > 0 && size + (queue[0]?.length ?? 0) > limit) {
      // Our count can be stale (an external copytruncate): ask the file before rotating it.
      size = (await file.stat()).size;
      if (size > 0 && size + (queue[0]?.length ?? 0) > limit) await rotate();
    }
    inflight = takeBatch(limit !== null && rotatable ? limit - size : Number.POSITIVE_INFINITY);
    inflightOffset = 0;
    await writeInflight();
    recover();
    return true;
  }

  function fail(error: unknown): void {
    const code = errorCode(error);
    if (failure === null) {
      failure = code;
      options.onError(new TendError('E_LOG_WRITE', `cannot write ${path}: ${code}`, { cause: error }));
    }
    // A handle that failed may point at a file that is gone or broken: the retry opens it afresh.
    void closeHandle().catch(() => undefined);
    if (!closed) {
      retryTimer = setTimeout(() => {
        retryTimer = null;
        kick();
      }, options.retryDelayMs);
      retryTimer.unref();
    }
  }

  async function run(): Promise<void> {
    running = true;
    try {
      while (await step()) wake();
    } catch (error) {
      fail(error);
    } finally {
      running = false;
      wake();
    }
  }

  function kick(): void {
    if (running) return;
    if (retryTimer) {
      clearTimeout(retryTimer);
      retryTimer = null;
    }
    void run();
  }

  function control(action: () => Promise<void>): Promise<void> {
    return new Promise((resolve) => {
      controls.push(async () => {
        try {
          await action();
        } finally {
          resolve();
        }
      });
      kick();
    });
  }

  return {
    write(entry) {
      if (failure !== null && queuedBytes >= highWaterMark) {
        // The file cannot take lines now: keep the app running and count what is lost.
        if (dropped === 0) entriesBeforeDrop = queue.length;
        dropped += 1;
        return true;
      }
      queue.push(entry);
      queuedBytes += entry.length;
      if (!running && retryTimer === null) kick();
      return failure !== null || queuedBytes < highWaterMark;
    },
    drained() {
      if (failure !== null || queuedBytes < highWaterMark / 2) return Promise.resolve();
      return new Promise((resolve) => drainWaiters.push(resolve));
    },
    settled() {
      if (failure !== null || idle()) return Promise.resolve();
      return new Promise((resolve) => settleWaiters.push(resolve));
    },
    configure(next) {
      rotation = { ...next };
    },
    truncate() {
      return control(async () => {
        // The part of a line already written is gone with the truncation; its rest must not start the file.
        if (inflight !== null && inflightOffset > 0) {
          inflight = null;
          inflightOffset = 0;
        }
        if (handle) await handle.truncate(0);
        else
          await truncate(path, 0).catch((error: unknown) => {
            if (errorCode(error) !== 'ENOENT') throw error;
          });
        size = 0;
      });
    },
    reopen() {
      return control(closeHandle);
    },
    async close() {
      closed = true;
      if (failure === null) await this.settled();
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      queue.length = 0;
      queuedBytes = 0;
      inflight = null;
      await compressionDone(path);
      await closeHandle().catch(() => undefined);
    },
    stats() {
      return { path, queuedBytes, failing: failure !== null, dropped };
    },
  };
}
