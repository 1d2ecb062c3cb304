// The daemon's persistent state: desired/applied specs, ids, sources, history and the pids of what
// runs. Written atomically (temp file, fsync, rename) after every change, coalesced per tick, with a
// second complete copy (.bak, the state before the last change) so a corrupted file never loses the apps.
import { readFileSync, renameSync } from 'node:fs';
import { writeTemp } from '../files/atomic-write.js';
import { z } from 'zod';
import { checkShape } from '../errors/check-shape.js';
import { storedSpecSchema } from '../ecosystem/spec-schema.js';
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

export class StateStore {
  private scheduled = false;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => StoredState,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Coalesces changes made in the same tick into one write. */
  changed(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.writeNow();
    });
  }

  writeNow(): void {
    try {
      // One durable write per change: the previous state.json becomes the .bak (the last good copy).
      const temp = writeTemp(this.file, `${JSON.stringify(this.snapshot())}\n`);
      try {
        renameSync(this.file, `${this.file}.bak`);
      } catch {
        // first write: nothing to keep yet
      }
      renameSync(temp, this.file);
    } catch (error) {
      this.onError(error as Error);
    }
  }
}
