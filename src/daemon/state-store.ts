// The daemon's persistent state: desired/applied specs, ids, sources, history and the pids of what
// runs. A change costs what the changed apps weigh, not what the table weighs: each write appends the
// apps changed since the last one to state.journal (fsynced), and the journal is folded into a new
// state.json (temp file, fsync, rename) at start, at shutdown, and once it outweighs state.json.
// Loading is state.json + the journal that continues it. The previous state.json and journal are kept
// (.bak) so a corrupted state.json never loses the apps.
import { closeSync, copyFileSync, fstatSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { TendError } from '../errors/index.js';
import { checkShape } from '../errors/check-shape.js';
import { removeTemp, writeTemp } from '../files/atomic-write.js';
import { journalHeader, replayJournal, type JournalRecord } from './state-journal.js';
import { stateFormat, storedStateSchema, type StoredApp, type StoredState } from './state-schema.js';

export { stateFormat, storedAppSchema } from './state-schema.js';
export type { StoredApp, StoredSlot, StoredState } from './state-schema.js';

export function emptyState(): StoredState {
  return { format: stateFormat, nextId: 0, apps: [] };
}

export interface LoadedState {
  state: StoredState;
  /** Set when state.json was unreadable and the backup was used (or nothing was). */
  recovered: 'backup' | 'empty' | null;
  problem: string | null;
}

export function journalOf(file: string): string {
  return `${file.replace(/\.json$/, '')}.journal`;
}

function parseState(text: string): StoredState {
  return checkShape(storedStateSchema, JSON.parse(text), 'E_STATE_CORRUPT', 'not a tend state file');
}

/** The snapshot with the journals that continue it (the previous one first: a .bak snapshot needs both). */
function withJournals(file: string, state: StoredState): StoredState {
  let generation = state.generation ?? 0;
  for (const journal of [`${journalOf(file)}.bak`, journalOf(file)]) {
    if (replayJournal(journal, state, generation)) generation += 1;
  }
  return { ...state, generation };
}

function readState(path: string): StoredState {
  return parseState(readFileSync(path, 'utf8'));
}

export function loadState(file: string): LoadedState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // No state.json: a first start, or a crash between the two renames of a compaction.
    try {
      return { state: withJournals(file, readState(`${file}.bak`)), recovered: null, problem: null };
    } catch {
      return { state: withJournals(file, emptyState()), recovered: null, problem: null };
    }
  }
  try {
    return { state: withJournals(file, parseState(text)), recovered: null, problem: null };
  } catch (error) {
    // JSON.parse quotes the text it failed on: that can be binary garbage or an app's secret env value.
    const reason = error instanceof SyntaxError ? 'not valid JSON' : (error as Error).message;
    const problem = `${file} is unreadable (${reason})`;
    try {
      return { state: withJournals(file, readState(`${file}.bak`)), recovered: 'backup', problem };
    } catch {
      return { state: emptyState(), recovered: 'empty', problem };
    }
  }
}

/** What the store writes, read from the daemon when it writes. */
export interface StateSource {
  /** The whole state (a compaction). */
  full(): StoredState;
  /** One app, or null once it is deleted. */
  app(name: string): StoredApp | null;
  nextId(): number;
  sync(): unknown;
}

/** How often a failed state write is tried again. */
const retryMs = 1000;

export class StateStore {
  private scheduled = false;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  /** Set while the state cannot be written: every command warns, changing ones fail. */
  failure: TendError | null = null;
  /** One temp name: the home's lock makes this daemon the only writer. */
  private readonly temp: string;
  private readonly journal: string;
  /** Apps changed since the last write. */
  private readonly dirty = new Set<string>();
  private syncDirty = false;
  /** A change no app name describes (or a failed compaction): the next write is a compaction. */
  private everything = true;
  /** A write failed midway: the next line starts on a line of its own. */
  private torn = false;
  private journalBytes = 0;
  /** Called after the next successful write. */
  private readonly waiting: Array<() => void> = [];
  private snapshotBytes = 0;

  constructor(
    private readonly file: string,
    private readonly source: StateSource,
    private generation: number,
    private readonly onError: (error: TendError) => void,
    private readonly onRecovered: () => void = () => undefined,
  ) {
    this.temp = `${file}.tmp`;
    this.journal = journalOf(file);
  }

  /** An app changed (null: any app may have); written with the other changes of the same tick. */
  appChanged(name: string | null): void {
    if (name === null) this.everything = true;
    else this.dirty.add(name);
    this.schedule();
  }

  /** Calls `fn` once every change made so far is on disk (with the next write, coalesced). */
  afterWrite(fn: () => void): void {
    this.waiting.push(fn);
    this.schedule();
  }

  /** The sync section changed. */
  changed(): void {
    this.syncDirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.writeNow();
    });
  }

  /** Writes the pending changes now (`compact`: the whole state); false (and `failure` set, a retry scheduled) when it could not. */
  writeNow(compact = false): boolean {
    const pending = this.everything || this.dirty.size > 0 || this.syncDirty || this.journalBytes > this.snapshotBytes;
    if (!pending && !compact && !this.failure) return this.written();
    try {
      if (!this.everything && (this.dirty.size > 0 || this.syncDirty)) this.append();
      else if (this.journalBytes > this.snapshotBytes) compact = true;
      if (compact || this.everything) this.compact();
      // Folded once the journal outweighs state.json: the rewrite's cost is spread over as many bytes
      // of changes as it writes. After the answer, not before it.
      else if (this.journalBytes > this.snapshotBytes) this.schedule();
    } catch (error) {
      this.fail(error as NodeJS.ErrnoException & { path?: string });
      return false;
    }
    if (this.failure) {
      this.failure = null;
      this.onRecovered();
    }
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    return this.written();
  }

  private written(): true {
    for (const fn of this.waiting.splice(0)) fn();
    return true;
  }

  /** Stops writing and retrying (the daemon is exiting; its last write is done). */
  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  /** One fsynced line with the changed apps. */
  private append(): void {
    const record: JournalRecord = { nextId: this.source.nextId(), apps: [], removed: [] };
    for (const name of this.dirty) {
      const app = this.source.app(name);
      if (app) record.apps.push(app);
      else record.removed.push(name);
    }
    if (this.syncDirty) record.sync = this.source.sync();
    const fd = openSync(this.journal, 'a', 0o600);
    try {
      const fresh = fstatSync(fd).size === 0;
      const line = `${fresh ? journalHeader(this.generation) : this.torn ? '\n' : ''}${JSON.stringify(record)}\n`;
      this.torn = true;
      writeSync(fd, line);
      fsyncSync(fd);
      this.torn = false;
      this.journalBytes += line.length;
    } catch (error) {
      throw Object.assign(error as Error, { path: this.journal });
    } finally {
      closeSync(fd);
    }
    this.dirty.clear();
    this.syncDirty = false;
  }

  /** A new state.json (the next generation); the old one and its journal become the .bak copies. */
  private compact(): void {
    const next = this.generation + 1;
    const text = `${JSON.stringify({ ...this.source.full(), generation: next })}\n`;
    try {
      writeTemp(this.temp, text);
      let first = false;
      try {
        renameSync(this.file, `${this.file}.bak`);
      } catch {
        first = true;
      }
      renameSync(this.temp, this.file);
      // The very first state.json is its own last good copy.
      if (first) copyFileSync(this.file, `${this.file}.bak`);
    } catch (error) {
      removeTemp(this.temp);
      this.everything = true;
      throw Object.assign(error as Error, { path: this.file });
    }
    try {
      renameSync(this.journal, `${this.journal}.bak`);
    } catch {
      // no journal in this generation
    }
    this.generation = next;
    this.snapshotBytes = text.length;
    this.journalBytes = 0;
    this.everything = false;
    this.dirty.clear();
    this.syncDirty = false;
  }

  private fail(error: NodeJS.ErrnoException & { path?: string }): void {
    const first = this.failure === null;
    const errno = error.code ?? 'EIO';
    const path = error.path ?? this.file;
    this.failure = new TendError('E_STATE_WRITE', `cannot write ${path} (${errno}): the change is made but would be forgotten if the daemon stopped`, {
      hint: `Free space or fix permissions under ${dirname(path)}; tend retries every ${retryMs / 1000} s and says so once it is written.`,
      details: { path, errno },
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
