// The daemon's persistent state: desired/applied specs, ids, sources, history and the pids of what
// runs. Written atomically (temp file, fsync, rename) after every change, coalesced per tick, with a
// second complete copy (.bak, the state before the last change) so a corrupted file never loses the apps.
import { readFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { TendError } from '../errors/index.js';
import { checkShape } from '../errors/check-shape.js';
import { storedSpecSchema } from '../ecosystem/spec-schema.js';
import { removeTemp, writeTemp } from '../files/atomic-write.js';
import { storedHistoryEntrySchema } from '../protocol/history.js';

export const stateFormat = 1;

const storedSlotSchema = z.object({
  pm_id: z.number(),
  index: z.number(),
  /** false after `stop`: restored as stopped. */
  wanted: z.boolean(),
  pid: z.number().nullable(),
  pid_start: z.string().nullable(),
  restart_time: z.number(),
  created_at: z.number(),
});
export type StoredSlot = z.infer<typeof storedSlotSchema>;

/** One app as state.json and the dump (`tend save`) keep it. */
export const storedAppSchema = z.object({
  name: z.string(),
  source: z.string(),
  /** The last applied spec. */
  spec: storedSpecSchema,
  baseEnv: z.record(z.string(), z.string()),
  slots: z.array(storedSlotSchema),
  history: z.array(storedHistoryEntrySchema),
  nextRevision: z.number(),
});
export type StoredApp = z.infer<typeof storedAppSchema>;

const storedStateSchema = z.object({
  format: z.literal(stateFormat),
  nextId: z.number(),
  apps: z.array(storedAppSchema),
  /** Read on its own by the sync manager (src/daemon/sync/stored.ts): a bad source never costs the apps. */
  sync: z.unknown().exactOptional(),
});
export type StoredState = z.infer<typeof storedStateSchema>;

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
  return checkShape(storedStateSchema, JSON.parse(text), 'E_STATE_CORRUPT', 'not a tend state file');
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
