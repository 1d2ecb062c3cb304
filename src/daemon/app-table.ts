// The daemon's table of apps: each app's last applied spec, source, caller env, slots and history.
// Processes themselves live in the supervisor; this table is what state.json stores, and what a verb's
// targets are resolved against.
import type { HistoryEntry } from '../protocol/messages.js';
import type { StoredApp, StoredSlot, StoredState } from './state-schema.js';
import { stateFormat } from './state-schema.js';
import type { AppSpec, OwnedSpec } from '../ecosystem/types.js';
import { TendError } from '../errors/index.js';
import { resolveTargets } from './targets.js';

export const historyLength = 10;

/** What the supervisor knows of a slot's process, stored beside the slot. */
type SlotRuntime = (pm_id: number) => Pick<StoredSlot, 'pid' | 'pid_start' | 'restart_time' | 'created_at'>;

export interface Slot {
  pm_id: number;
  index: number;
  wanted: boolean;
}

export interface AppEntry {
  name: string;
  source: string;
  spec: AppSpec;
  baseEnv: Record<string, string>;
  slots: Slot[];
  history: HistoryEntry[];
  nextRevision: number;
}

/** One slot with its app: what a verb's targets resolve to. */
export interface SlotRef {
  pm_id: number;
  name: string;
  spec: AppSpec;
  entry: AppEntry;
  slot: Slot;
}

/**
 * The apps, announcing their changes: whoever edits the table calls changed(), and the state store
 * and the watch/cron/memory machinery subscribe (onChange) instead of being called by the editors.
 */
export class AppTable {
  readonly apps = new Map<string, AppEntry>();
  private nextId = 0;
  private readonly listeners = new Set<(name: string | null) => void>();

  /** Calls `listener` after every change of the table (with the app's name, null: any app); returns the unsubscribe. */
  onChange(listener: (name: string | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Announces a change of the app `name` (slot, spec, env, history, deletion), or of any app without a name. */
  changed(name?: string): void {
    for (const listener of this.listeners) listener(name ?? null);
  }

  /** The next id to give (kept in state.json so ids are not reused across daemons). */
  get idCounter(): number {
    return this.nextId;
  }

  static fromState(state: StoredState): AppTable {
    const table = new AppTable();
    table.nextId = state.nextId;
    for (const stored of state.apps) {
      table.apps.set(stored.name, {
        name: stored.name,
        source: stored.source,
        spec: stored.spec,
        baseEnv: stored.baseEnv,
        slots: stored.slots.map(({ pm_id, index, wanted }) => ({ pm_id, index, wanted })),
        history: stored.history,
        nextRevision: stored.nextRevision,
      });
    }
    return table;
  }

  toState(runtime: SlotRuntime): StoredState {
    const apps = [...this.apps.values()].map((entry) => AppTable.stored(entry, runtime));
    return { format: stateFormat, nextId: this.nextId, apps };
  }

  /** One app as state.json keeps it, or null when the table no longer has it. */
  storedApp(name: string, runtime: SlotRuntime): StoredApp | null {
    const entry = this.apps.get(name);
    return entry ? AppTable.stored(entry, runtime) : null;
  }

  private static stored(entry: AppEntry, runtime: SlotRuntime): StoredApp {
    return {
      name: entry.name,
      source: entry.source,
      spec: entry.spec,
      baseEnv: entry.baseEnv,
      slots: entry.slots.map((slot) => ({ ...slot, ...runtime(slot.pm_id) })),
      history: entry.history,
      nextRevision: entry.nextRevision,
    };
  }

  /**
   * PM2 allocates ids incrementally and starts again at 0 once the table is empty. An id whose
   * process still lives (`taken`: the old set of a replace, an instance being removed) is never given.
   */
  allocateId(taken: (pm_id: number) => boolean): number {
    if (this.apps.size === 0) this.nextId = 0;
    while (taken(this.nextId)) this.nextId += 1;
    return this.nextId++;
  }

  /** The lowest slot indexes not in use (scale-up reuses the holes left by scale-down). */
  static freeIndexes(entry: AppEntry, count: number): number[] {
    const used = new Set(entry.slots.map((slot) => slot.index));
    const free: number[] = [];
    for (let index = 0; free.length < count; index++) if (!used.has(index)) free.push(index);
    return free;
  }

  recordHistory(entry: AppEntry, changed: string[], at: number): void {
    entry.history.push({ revision: entry.nextRevision++, at, source: entry.source, changed, spec: entry.spec });
    if (entry.history.length > historyLength) entry.history.splice(0, entry.history.length - historyLength);
  }

  /** Every slot with its app, in app order; of the named apps only when `names` is given (looked up, not scanned). */
  slotRefs(names?: readonly string[]): SlotRef[] {
    const entries = names === undefined ? [...this.apps.values()] : names.flatMap((name) => this.apps.get(name) ?? []);
    return entries.flatMap((entry) => entry.slots.map((slot) => ({ pm_id: slot.pm_id, name: entry.name, spec: entry.spec, entry, slot })));
  }

  /** The slots PM2-style targets name (`all`, /regex/, name, script, namespace, id), in id order. */
  resolve(targets: readonly string[]): SlotRef[] {
    return resolveTargets(targets, this.slotRefs());
  }

  /** The app named `name`: E_APP_NOT_FOUND when there is none. */
  need(name: string): AppEntry {
    const entry = this.apps.get(name);
    if (!entry) throw new TendError('E_APP_NOT_FOUND', `no app named '${name}'`);
    return entry;
  }

  /** The applied spec and source of each app the targets name. */
  ownedSpecs(targets: readonly string[]): OwnedSpec[] {
    const names = [...new Set(this.resolve(targets).map((ref) => ref.name))];
    return names.flatMap((name) => {
      const entry = this.apps.get(name);
      return entry ? [{ spec: entry.spec, source: entry.source }] : [];
    });
  }

  entryOf(pm_id: number): AppEntry | undefined {
    for (const entry of this.apps.values()) if (entry.slots.some((slot) => slot.pm_id === pm_id)) return entry;
    return undefined;
  }
}
