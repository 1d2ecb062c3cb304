// The daemon's persistent state: desired/applied specs, ids, sources, history and the pids of what
// runs. Written atomically (temp file, fsync, rename) after every change, coalesced per tick, with a
// second complete copy (.bak, the state before the last change) so a corrupted file never loses the apps.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { TendError } from '../errors/index.js';
import type { HistoryEntry } from '../protocol/messages.js';
import type { AppSpec } from '../ecosystem/types.js';

export const stateFormat = 1;

export interface StoredSlot {
  pm_id: number;
  index: number;
  /** false after `stop`: restored as stopped. */
  wanted: boolean;
  pid: number | null;
  pid_start: string | null;
  restart_time: number;
  created_at: number;
}

export interface StoredApp {
  name: string;
  source: string;
  /** The last applied spec. */
  spec: AppSpec;
  baseEnv: Record<string, string>;
  slots: StoredSlot[];
  history: HistoryEntry[];
  nextRevision: number;
}

export interface StoredState {
  format: typeof stateFormat;
  nextId: number;
  apps: StoredApp[];
  sync?: unknown;
}

export function emptyState(): StoredState {
  return { format: stateFormat, nextId: 0, apps: [] };
}

export interface LoadedState {
  state: StoredState;
  /** Set when state.json was unreadable and the backup was used (or nothing was). */
  recovered: 'backup' | 'empty' | null;
  problem: string | null;
}

function parseState(text: string): StoredState {
  const value = JSON.parse(text) as Partial<StoredState>;
  if (value.format !== stateFormat || !Array.isArray(value.apps) || typeof value.nextId !== 'number') throw new Error('not a tend state file');
  return value as StoredState;
}

export function loadState(file: string): LoadedState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // No state.json: a first start, or a crash between the two renames of a write (see writeNow).
    try {
      return { state: parseState(readFileSync(`${file}.bak`, 'utf8')), recovered: null, problem: null };
    } catch {
      return { state: emptyState(), recovered: null, problem: null };
    }
  }
  try {
    return { state: parseState(text), recovered: null, problem: null };
  } catch (error) {
    // JSON.parse quotes the text it failed on: that can be binary garbage or an app's secret env value.
    const reason = error instanceof SyntaxError ? 'not valid JSON' : (error as Error).message;
    const problem = `${file} is unreadable (${reason})`;
    try {
      return { state: parseState(readFileSync(`${file}.bak`, 'utf8')), recovered: 'backup', problem };
    } catch {
      return { state: emptyState(), recovered: 'empty', problem };
    }
  }
}

/** Writes `text` durably to `temp`; a failed write leaves no temp file behind. */
function writeTemp(temp: string, text: string): void {
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    removeTemp(temp);
    throw error;
  }
}

function removeTemp(temp: string): void {
  try {
    unlinkSync(temp);
  } catch {
    // not created (or not a file we may remove)
  }
}

/** Writes `text` to `file` so that a crash leaves either the old or the new content, never a mix. */
export function writeFileAtomic(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeTemp(temp, text);
  try {
    renameSync(temp, file);
  } catch (error) {
    removeTemp(temp);
    throw error;
  }
}

/** How often a failed state write is tried again. */
const retryMs = 1000;

export class StateStore {
  private scheduled = false;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  /** Set while state.json cannot be written: every command warns, changing ones fail. */
  failure: TendError | null = null;
  /** One temp name: the home's lock makes this daemon the only writer. */
  private readonly temp: string;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => StoredState,
    private readonly onError: (error: TendError) => void,
    private readonly onRecovered: () => void = () => undefined,
  ) {
    this.temp = `${file}.tmp`;
  }

  /** Coalesces changes made in the same tick into one write. */
  changed(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.writeNow();
    });
  }

  /** Writes now; false (and `failure` set, a retry scheduled) when it could not. */
  writeNow(): boolean {
    try {
      // One durable write per change: the previous state.json becomes the .bak (the last good copy).
      writeTemp(this.temp, `${JSON.stringify(this.snapshot())}\n`);
      try {
        renameSync(this.file, `${this.file}.bak`);
      } catch {
        // first write: nothing to keep yet
      }
      renameSync(this.temp, this.file);
    } catch (error) {
      removeTemp(this.temp);
      this.fail(error as NodeJS.ErrnoException);
      return false;
    }
    if (this.failure) {
      this.failure = null;
      this.onRecovered();
    }
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    return true;
  }

  /** Stops writing and retrying (the daemon is exiting; its last write is done). */
  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  private fail(error: NodeJS.ErrnoException): void {
    const first = this.failure === null;
    const errno = error.code ?? 'EIO';
    this.failure = new TendError('E_STATE_WRITE', `cannot write ${this.file} (${errno}): the change is made but would be forgotten if the daemon stopped`, {
      hint: `Free space or fix permissions under ${dirname(this.file)}; tend retries every ${retryMs / 1000} s and says so once it is written.`,
      details: { path: this.file, errno },
    });
    if (first) this.onError(this.failure);
    if (!this.retry && !this.closed) {
      this.retry = setTimeout(() => {
        this.retry = null;
        this.writeNow();
      }, retryMs);
      this.retry.unref();
    }
  }
}
