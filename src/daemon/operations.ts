// The one code path that changes processes: every plan step and every imperative verb ends here.
// Each operation records the applied spec only once its processes are in place, so an operation
// that fails leaves the table as it was (or says precisely what it left).
import { TendError } from '../errors/index.js';
import type { AppSpec } from '../ecosystem/types.js';
import { AppTable, type AppEntry, type Slot } from './app-table.js';
import type { Supervisor } from './process/supervisor.js';
import type { StateStore } from './state-store.js';
import type { LogHub } from './logs/types.js';

export interface OperationsContext {
  table: AppTable;
  supervisor: Supervisor;
  logs: LogHub;
  store: StateStore;
  now: () => number;
}

export class Operations {
  private readonly appLocks = new Map<string, Promise<unknown>>();

  constructor(private readonly ctx: OperationsContext) {}

  /** Runs fn after every earlier operation on the same app has finished (one operation per app). */
  exclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.appLocks.get(name) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.catch(() => undefined);
    this.appLocks.set(name, settled);
    void settled.then(() => {
      if (this.appLocks.get(name) === settled) this.appLocks.delete(name);
    });
    return next;
  }

  async create(spec: AppSpec, source: string, baseEnv: Record<string, string>): Promise<void> {
    const { table, store } = this.ctx;
    if (table.apps.has(spec.name)) throw new TendError('E_INTERNAL', `app ${spec.name} already exists`);
    const entry: AppEntry = { name: spec.name, source, spec, baseEnv, slots: [], history: [], nextRevision: 1 };
    table.apps.set(spec.name, entry);
    try {
      await this.addSlots(entry, spec.instances, spec.autostart);
    } catch (error) {
      await this.removeApp(entry);
      throw error;
    }
    table.recordHistory(entry, ['(created)'], this.ctx.now());
    store.changed();
  }

  /** Adds or removes slots so the app has spec.instances; the lowest indexes are kept. */
  async scale(entry: AppEntry, spec: AppSpec, changed: string[]): Promise<void> {
    const current = entry.slots.length;
    if (spec.instances > current) {
      await this.addSlots(entry, spec.instances - current, true, spec);
    } else if (spec.instances < current) {
      const doomed = [...entry.slots].sort((a, b) => b.index - a.index).slice(0, current - spec.instances);
      for (const slot of doomed) await this.removeSlot(entry, slot);
    }
    this.commit(entry, spec, changed);
  }

  /**
   * Rolling replacement of every instance with `spec` (cluster: zero downtime; fork: one at a time).
   * On failure the instances already moved are put back on the previous spec.
   */
  async reload(
    entry: AppEntry,
    spec: AppSpec,
    changed: string[],
    options: { parallel?: number; restart?: boolean; baseEnv?: Record<string, string>; report?: (message: string) => void } = {},
  ): Promise<void> {
    const { supervisor } = this.ctx;
    const previous = { spec: entry.spec, baseEnv: entry.baseEnv };
    const next = { spec, baseEnv: options.baseEnv ?? entry.baseEnv };
    const slots = entry.slots.filter((slot) => slot.wanted || spec.instances > 0).sort((a, b) => a.index - b.index);
    const moved: Slot[] = [];
    const parallel = Math.max(1, options.parallel ?? 1);
    try {
      for (let i = 0; i < slots.length; i += parallel) {
        const batch = slots.slice(i, i + parallel);
        await Promise.all(
          batch.map(async (slot) => {
            const known = supervisor.get(slot.pm_id) !== undefined;
            if (!known) await supervisor.launch({ pm_id: slot.pm_id, index: slot.index, ...next });
            else if (options.restart) await supervisor.restart(slot.pm_id, next);
            else await supervisor.reload(slot.pm_id, next);
            slot.wanted = true;
            moved.push(slot);
            options.report?.(`instance ${slot.index} (id ${slot.pm_id}) ${options.restart ? 'restarted' : 'reloaded'} (${moved.length}/${slots.length})`);
          }),
        );
      }
    } catch (error) {
      for (const slot of moved) {
        try {
          await supervisor.reload(slot.pm_id, previous);
        } catch {
          // the instance stays as it is; the error below reports the failed reload
        }
      }
      throw error;
    }
    entry.baseEnv = next.baseEnv;
    this.commit(entry, spec, changed);
    if (spec.instances !== entry.slots.length) await this.scale(entry, spec, []);
  }

  /** A new set of instances is started, then the old set is stopped (exec_mode changes). */
  async replace(entry: AppEntry, spec: AppSpec, changed: string[]): Promise<void> {
    const oldSlots = [...entry.slots];
    entry.slots = [];
    try {
      await this.addSlots(entry, spec.instances, true, spec);
    } catch (error) {
      for (const slot of [...entry.slots]) await this.removeSlot(entry, slot);
      entry.slots = oldSlots;
      throw error;
    }
    for (const slot of oldSlots) await this.ctx.supervisor.remove(slot.pm_id);
    this.commit(entry, spec, changed);
  }

  /** Live-class fields: applied inside the daemon, no process restarts. */
  updateLive(entry: AppEntry, spec: AppSpec, changed: string[]): void {
    for (const slot of entry.slots) {
      if (this.ctx.supervisor.get(slot.pm_id)) this.ctx.supervisor.updateLive(slot.pm_id, spec);
      // Log options (format, rotation, paths) take effect for running instances without a restart.
      this.ctx.logs.reconfigure?.({ pm_id: slot.pm_id, name: entry.name, spec });
    }
    this.commit(entry, spec, changed);
  }

  /** Starts the wanted instances that are not running (after a crash of the daemon or a hand stop). */
  async ensureRunning(entry: AppEntry): Promise<void> {
    const { supervisor } = this.ctx;
    for (const slot of entry.slots) {
      const info = supervisor.get(slot.pm_id);
      if (info && (info.status === 'online' || info.status === 'launching')) continue;
      slot.wanted = true;
      if (info) await supervisor.restart(slot.pm_id, { spec: entry.spec, baseEnv: entry.baseEnv });
      else await supervisor.launch({ pm_id: slot.pm_id, index: slot.index, spec: entry.spec, baseEnv: entry.baseEnv });
    }
    if (entry.slots.length !== entry.spec.instances) await this.scale(entry, entry.spec, []);
    this.ctx.store.changed();
  }

  async removeApp(entry: AppEntry): Promise<void> {
    await Promise.all(entry.slots.map((slot) => this.ctx.supervisor.get(slot.pm_id) ? this.ctx.supervisor.remove(slot.pm_id) : Promise.resolve()));
    entry.slots = [];
    this.ctx.table.apps.delete(entry.name);
    this.ctx.store.changed();
  }

  async removeSlot(entry: AppEntry, slot: Slot): Promise<void> {
    if (this.ctx.supervisor.get(slot.pm_id)) await this.ctx.supervisor.remove(slot.pm_id);
    entry.slots = entry.slots.filter((s) => s.pm_id !== slot.pm_id);
    this.ctx.store.changed();
  }

  async stopSlot(slot: Slot): Promise<void> {
    slot.wanted = false;
    if (this.ctx.supervisor.get(slot.pm_id)) await this.ctx.supervisor.stop(slot.pm_id);
    this.ctx.store.changed();
  }

  async restartSlot(entry: AppEntry, slot: Slot, mode: 'restart' | 'reload'): Promise<void> {
    const { supervisor } = this.ctx;
    const next = { spec: entry.spec, baseEnv: entry.baseEnv };
    slot.wanted = true;
    const info = supervisor.get(slot.pm_id);
    if (!info) await supervisor.launch({ pm_id: slot.pm_id, index: slot.index, ...next });
    else if (mode === 'reload' && (info.status === 'online' || info.status === 'launching')) await supervisor.reload(slot.pm_id, next);
    else await supervisor.restart(slot.pm_id, next);
    this.ctx.store.changed();
  }

  private async addSlots(entry: AppEntry, count: number, launch: boolean, spec: AppSpec = entry.spec): Promise<void> {
    for (const index of AppTable.freeIndexes(entry, count)) {
      const slot: Slot = { pm_id: this.ctx.table.allocateId(), index, wanted: launch };
      entry.slots.push(slot);
      this.ctx.store.changed();
      if (launch) await this.ctx.supervisor.launch({ pm_id: slot.pm_id, index, spec, baseEnv: entry.baseEnv });
    }
  }

  private commit(entry: AppEntry, spec: AppSpec, changed: string[]): void {
    entry.spec = spec;
    if (changed.length > 0) this.ctx.table.recordHistory(entry, changed, this.ctx.now());
    this.ctx.store.changed();
  }
}
