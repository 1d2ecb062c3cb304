// The one code path that changes processes: every plan step, every imperative verb and every
// automatic restart ends here. Each operation records the applied spec only once its processes are
// in place, so an operation that fails leaves the table as it was (or says precisely what it left).
import { isDeepStrictEqual } from 'node:util';
import { TendError } from '../errors/index.js';
import type { AppSpec } from '../ecosystem/types.js';
import { isServing, replaceStopsFirst, rolloutWidth } from '../reconciler/availability.js';
import { AppTable, type AppEntry, type Slot } from './app-table.js';
import { KeyedLock } from './keyed-lock.js';
import type { NextSpec, Supervisor } from './process/supervisor.js';
import { NotReady } from './process/readiness.js';
import { waitForSigusr1Handler } from './process/signal-ready.js';

export interface OperationsContext {
  table: AppTable;
  supervisor: Supervisor;
  now: () => number;
}

export interface RolloutOptions {
  /** reload: cluster workers are replaced new-before-old; restart: each instance stops, then starts. */
  mode: 'restart' | 'reload';
  /** Instances moved at once (capped by the availability rule). */
  parallel?: number;
  /** Where moved instances go back to when a replacement fails (a spec change); none: no rollback. */
  previous?: NextSpec;
  report?: (message: string) => void;
}

/** How long SIGUSR1 waits for a starting Node app to handle it (signal-ready.ts). */
const sigusr1WaitMs = 10_000;

/** One instance a verb acts on, resolved from the user's targets. */
export interface Target {
  entry: AppEntry;
  slot: Slot;
}

/** A dumped app to bring back (`resurrect`). */
export interface DumpedApp {
  name: string;
  source: string;
  spec: AppSpec;
  baseEnv: Record<string, string>;
  slots: readonly unknown[];
}

/** `tend scale NAME N|+N|-N`: the new count, never below 0. */
export function parseScale(current: number, wanted: string): number {
  const match = /^([+-]?)(\d+)$/.exec(wanted.trim());
  if (!match) throw new TendError('E_USAGE', `invalid instance count '${wanted}'`, { hint: 'Use a number, +N or -N.' });
  const amount = Number(match[2]);
  const next = match[1] === '+' ? current + amount : match[1] === '-' ? current - amount : amount;
  return Math.max(0, next);
}

/** Groups targets by app, keeping their order. */
function byApp(targets: readonly Target[]): Map<AppEntry, Slot[]> {
  const groups = new Map<AppEntry, Slot[]>();
  for (const { entry, slot } of targets) groups.set(entry, [...(groups.get(entry) ?? []), slot]);
  return groups;
}

export class Operations {
  private readonly appLock = new KeyedLock<string>();

  constructor(private readonly ctx: OperationsContext) {}

  /** Runs fn after every earlier operation on the same app has finished (one operation per app). */
  exclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return this.appLock.run(name, fn);
  }

  // ── verbs: one method each, every one under the per-app lock ───────────────────────────────────

  /** `stop <targets>`: the instances stay in the table, not wanted; per app, `prepare` runs first under the lock. */
  async stopTargets(targets: readonly Target[], prepare?: (entry: AppEntry) => void): Promise<void> {
    await Promise.all(
      [...byApp(targets)].map(([entry, slots]) =>
        this.exclusive(entry.name, async () => {
          prepare?.(entry);
          for (const slot of slots) await this.stopSlot(entry, slot);
        }),
      ),
    );
  }

  /**
   * `restart|reload <targets>`: per app, `prepare` runs first under the lock (env refresh, watch
   * toggle), then one rollout of its targeted instances.
   */
  async restartTargets(
    targets: readonly Target[],
    mode: RolloutOptions['mode'],
    options: { parallel?: number; prepare?: (entry: AppEntry) => void } = {},
  ): Promise<void> {
    for (const [entry, slots] of byApp(targets)) {
      await this.exclusive(entry.name, async () => {
        if (this.ctx.table.apps.get(entry.name) !== entry) return;
        options.prepare?.(entry);
        const still = slots.filter((slot) => entry.slots.includes(slot));
        await this.rollout(
          entry,
          still,
          { spec: entry.spec, baseEnv: entry.baseEnv },
          { mode, ...(options.parallel === undefined ? {} : { parallel: options.parallel }) },
        );
      });
    }
  }

  /** `delete <targets>`: the instances go; an app left with none goes too. */
  async deleteTargets(targets: readonly Target[]): Promise<void> {
    for (const [entry, slots] of byApp(targets)) {
      await this.exclusive(entry.name, async () => {
        for (const slot of slots) await this.removeSlot(entry, slot);
        if (entry.slots.length === 0 && this.ctx.table.apps.get(entry.name) === entry) await this.removeApp(entry);
      });
    }
  }

  /** `reset <targets>`: restart counters back to 0. */
  async resetTargets(targets: readonly Target[]): Promise<void> {
    await Promise.all(
      [...byApp(targets)].map(([entry, slots]) =>
        this.exclusive(entry.name, () => {
          for (const slot of slots) if (this.ctx.supervisor.get(slot.pm_id)) this.ctx.supervisor.resetCounters(slot.pm_id);
          return Promise.resolve();
        }),
      ),
    );
  }

  /** `sendSignal <signal> <targets>`. */
  async signalTargets(targets: readonly Target[], signal: string): Promise<void> {
    for (const [entry, slots] of byApp(targets)) {
      await this.exclusive(entry.name, async () => {
        for (const slot of slots) {
          const instance = this.ctx.supervisor.get(slot.pm_id);
          if (!instance) continue;
          if (signal === 'SIGUSR1' && instance.pid !== null) await waitForSigusr1Handler(instance.pid, `${entry.name} (id ${slot.pm_id})`, sigusr1WaitMs);
          this.ctx.supervisor.signal(slot.pm_id, signal);
        }
      });
    }
  }

  /**
   * `scale NAME N|+N|-N`: changes what runs, not the applied spec, so `tend plan` shows the hand
   * scale as drift (instances missing or extra) until the file says so too.
   */
  scaleByHand(entry: AppEntry, wanted: string): Promise<{ from: number; to: number }> {
    return this.exclusive(entry.name, async () => {
      const from = entry.slots.length;
      const to = parseScale(from, wanted);
      const applied = entry.spec;
      await this.scale(entry, { ...applied, instances: to }, []);
      entry.spec = applied;
      this.ctx.table.changed(entry.name);
      return { from, to };
    });
  }

  /** `resurrect`: creates the dumped apps the table does not have, with as many instances as they had. */
  async resurrect(dumped: readonly DumpedApp[], baseEnv: Record<string, string>): Promise<string[]> {
    const started: string[] = [];
    for (const app of dumped) {
      if (this.ctx.table.apps.has(app.name)) continue;
      const spec = { ...app.spec, instances: app.slots.length || app.spec.instances };
      await this.exclusive(app.name, () => this.create(spec, app.source, { ...baseEnv, ...app.baseEnv }));
      started.push(app.name);
    }
    return started;
  }

  /**
   * At daemon start: launches every wanted instance the table holds (after a crash or a handover),
   * apps in parallel; a failed instance is reported and the others go on. Resolves with the apps.
   */
  async restore(onFailure: (entry: AppEntry, error: unknown) => void): Promise<string[]> {
    const entries = [...this.ctx.table.apps.values()].filter((entry) => entry.slots.some((slot) => slot.wanted));
    await Promise.all(
      entries.map((entry) =>
        this.exclusive(entry.name, async () => {
          for (const slot of entry.slots.filter((s) => s.wanted)) {
            try {
              await this.ctx.supervisor.launch({ pm_id: slot.pm_id, index: slot.index, spec: entry.spec, baseEnv: entry.baseEnv });
            } catch (error) {
              onFailure(entry, error);
            }
          }
        }),
      ),
    );
    return entries.map((entry) => entry.name);
  }

  // ── plan steps and the pieces verbs share ─────────────────────────────────────────────────────

  /**
   * A new app. One whose start fails stays, as PM2 lists it: errored (not restarted), its logs kept,
   * its instances not tried yet registered unstarted; the failure is thrown all the same. `restart`,
   * or the next apply of the file (instances missing), starts it again.
   */
  async create(spec: AppSpec, source: string, baseEnv: Record<string, string>): Promise<void> {
    const { table } = this.ctx;
    if (table.apps.has(spec.name)) throw new TendError('E_INTERNAL', `app ${spec.name} already exists`);
    const entry: AppEntry = { name: spec.name, source, spec, baseEnv, slots: [], history: [], nextRevision: 1 };
    table.apps.set(spec.name, entry);
    const created = (): void => {
      table.recordHistory(entry, ['(created)'], this.ctx.now());
      table.changed(entry.name);
    };
    let notReady: NotReady | undefined;
    try {
      notReady = await keepingNotReady(() => this.addSlots(entry, spec.instances, spec.autostart, spec, true));
    } catch (error) {
      created();
      throw error;
    }
    created();
    if (notReady) throw notReady;
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
   * The rollout engine: moves `slots` of the app onto `next`, a batch at a time. A batch is at most
   * running − 1 wide (rolloutWidth), so an app with more than one running instance always keeps one
   * serving; in cluster mode each replacement is ready before the worker it replaces stops. When a
   * replacement fails and `previous` is given, the instances already moved (and the failed ones) are
   * put back on it, and the first failure is thrown.
   */
  async rollout(entry: AppEntry, slots: readonly Slot[], next: NextSpec, options: RolloutOptions): Promise<void> {
    const ordered = [...slots].sort((a, b) => a.index - b.index);
    const width = rolloutWidth(this.runningCount(entry), options.parallel);
    const verb = options.mode === 'restart' ? 'restarted' : 'reloaded';
    const moved: Slot[] = [];
    // A spec change has the previous spec to go back to: a replacement not ready in time fails the
    // rollout and goes back with the others. With nothing to go back to, it is kept running.
    const fallBack = options.previous !== undefined && !isDeepStrictEqual(options.previous, next);
    let notReady: NotReady | undefined;
    for (let i = 0; i < ordered.length; i += width) {
      const batch = ordered.slice(i, i + width);
      const outcomes = await Promise.allSettled(batch.map((slot) => this.moveSlot(slot, next, options.mode)));
      const failed: Slot[] = [];
      const unready = new Set<Slot>();
      let firstError: unknown;
      outcomes.forEach((outcome, k) => {
        const slot = batch[k] as Slot;
        // Running but not known to be ready: kept and moved (said once the rollout is through), or, when
        // the rollout can go back, a failed replacement like any other.
        const unreadyHere = outcome.status === 'rejected' && outcome.reason instanceof NotReady ? outcome.reason : null;
        if (unreadyHere && !fallBack) notReady ??= unreadyHere;
        if (outcome.status === 'fulfilled' || (unreadyHere && !fallBack)) {
          moved.push(slot);
          options.report?.(`instance ${slot.index} (id ${slot.pm_id}) ${verb} (${moved.length}/${ordered.length})`);
        } else {
          failed.push(slot);
          if (unreadyHere) unready.add(slot);
          firstError ??= unreadyHere ? unreadyHere.timedOut : outcome.reason;
        }
      });
      if (failed.length > 0) {
        // A kept-running replacement (NotReady) serves the new spec: it goes back too.
        if (options.previous) await this.rollBack([...moved, ...failed.filter((slot) => unready.has(slot) || !this.serving(slot))], options.previous, width);
        throw firstError;
      }
    }
    this.ctx.table.changed(entry.name);
    if (notReady) throw notReady;
  }

  /**
   * Rolling replacement of every instance with `spec` (a reload or restart step of a plan). On failure
   * the instances already moved are put back on the previous spec.
   */
  async reload(
    entry: AppEntry,
    spec: AppSpec,
    changed: string[],
    options: { parallel?: number; restart?: boolean; baseEnv?: Record<string, string>; report?: (message: string) => void } = {},
  ): Promise<void> {
    const previous = { spec: entry.spec, baseEnv: entry.baseEnv };
    const next = { spec, baseEnv: options.baseEnv ?? entry.baseEnv };
    const slots = entry.slots.filter((slot) => slot.wanted || spec.instances > 0);
    const notReady = await keepingNotReady(() =>
      this.rollout(entry, slots, next, {
        mode: options.restart ? 'restart' : 'reload',
        previous,
        ...(options.parallel === undefined ? {} : { parallel: options.parallel }),
        ...(options.report ? { report: options.report } : {}),
      }),
    );
    entry.baseEnv = next.baseEnv;
    this.commit(entry, spec, changed);
    if (spec.instances !== entry.slots.length) await this.scale(entry, spec, []);
    if (notReady) throw notReady;
  }

  /**
   * A new set of instances replaces the old one. Between fork and cluster the sets would fight over the
   * app's port, so the old set is stopped first (the plan says: downtime); otherwise the new set starts
   * first. The new set gets new pm_ids either way: the old slots are still known while it starts. A new
   * set that fails is removed and the old one put back.
   */
  async replace(entry: AppEntry, spec: AppSpec, changed: string[]): Promise<void> {
    const { supervisor } = this.ctx;
    const oldSlots = [...entry.slots];
    const stopFirst = replaceStopsFirst(entry.spec.exec_mode, spec.exec_mode);
    const wasServing = oldSlots.filter((slot) => this.serving(slot));
    if (stopFirst) for (const slot of oldSlots) if (supervisor.get(slot.pm_id)) await supervisor.stop(slot.pm_id);
    entry.slots = [];
    let notReady: NotReady | undefined;
    try {
      notReady = await keepingNotReady(() => this.addSlots(entry, spec.instances, true, spec));
    } catch (error) {
      for (const slot of [...entry.slots]) await this.removeSlot(entry, slot);
      entry.slots = oldSlots;
      for (const slot of wasServing) if (stopFirst) await supervisor.restart(slot.pm_id).catch(() => undefined);
      this.ctx.table.changed(entry.name);
      throw error;
    }
    for (const slot of oldSlots) await supervisor.remove(slot.pm_id);
    this.commit(entry, spec, changed);
    if (notReady) throw notReady;
  }

  /** Live-class fields: applied inside the daemon, no process restarts. */
  updateLive(entry: AppEntry, spec: AppSpec, changed: string[]): void {
    for (const slot of entry.slots) if (this.ctx.supervisor.get(slot.pm_id)) this.ctx.supervisor.updateLive(slot.pm_id, spec);
    this.commit(entry, spec, changed);
  }

  /** Starts the wanted instances that are not running (after a crash of the daemon or a hand stop). */
  async ensureRunning(entry: AppEntry): Promise<void> {
    const { supervisor } = this.ctx;
    for (const slot of entry.slots) {
      const info = supervisor.get(slot.pm_id);
      if (info && isServing(info.status)) continue;
      slot.wanted = true;
      if (info) await supervisor.restart(slot.pm_id, { spec: entry.spec, baseEnv: entry.baseEnv });
      else await supervisor.launch({ pm_id: slot.pm_id, index: slot.index, spec: entry.spec, baseEnv: entry.baseEnv });
    }
    if (entry.slots.length !== entry.spec.instances) await this.scale(entry, entry.spec, []);
    this.ctx.table.changed(entry.name);
  }

  async removeApp(entry: AppEntry): Promise<void> {
    await Promise.all(entry.slots.map((slot) => (this.ctx.supervisor.get(slot.pm_id) ? this.ctx.supervisor.remove(slot.pm_id) : Promise.resolve())));
    entry.slots = [];
    this.ctx.table.apps.delete(entry.name);
    this.ctx.table.changed(entry.name);
  }

  async removeSlot(entry: AppEntry, slot: Slot): Promise<void> {
    if (this.ctx.supervisor.get(slot.pm_id)) await this.ctx.supervisor.remove(slot.pm_id);
    entry.slots = entry.slots.filter((s) => s.pm_id !== slot.pm_id);
    this.ctx.table.changed(entry.name);
  }

  async stopSlot(entry: AppEntry, slot: Slot): Promise<void> {
    slot.wanted = false;
    if (this.ctx.supervisor.get(slot.pm_id)) await this.ctx.supervisor.stop(slot.pm_id);
    this.ctx.table.changed(entry.name);
  }

  /** One instance onto `next`: launched when the supervisor does not know it yet. */
  private async moveSlot(slot: Slot, next: NextSpec, mode: RolloutOptions['mode']): Promise<void> {
    const { supervisor } = this.ctx;
    slot.wanted = true;
    const info = supervisor.get(slot.pm_id);
    if (!info) await supervisor.launch({ pm_id: slot.pm_id, index: slot.index, ...next });
    else if (mode === 'reload' && isServing(info.status)) await supervisor.reload(slot.pm_id, next);
    else await supervisor.restart(slot.pm_id, next);
  }

  /** Puts instances back on the previous spec after a failed rollout, as wide as the rollout was. */
  private async rollBack(slots: readonly Slot[], previous: NextSpec, width: number): Promise<void> {
    for (let i = 0; i < slots.length; i += width) {
      await Promise.all(
        slots.slice(i, i + width).map((slot) =>
          // An instance that cannot go back stays as it is; the rollout's own error reports the failure.
          this.moveSlot(slot, previous, 'reload').catch(() => undefined),
        ),
      );
    }
  }

  private serving(slot: Slot): boolean {
    const status = this.ctx.supervisor.get(slot.pm_id)?.status;
    return status !== undefined && isServing(status);
  }

  private runningCount(entry: AppEntry): number {
    return entry.slots.filter((slot) => this.serving(slot)).length;
  }

  /**
   * Launches `count` new instances; one not ready in time is kept running and said at the end (NotReady).
   * A failed launch stops there; for a new app (`firstStart`) the instances not tried are registered too.
   */
  private async addSlots(entry: AppEntry, count: number, launch: boolean, spec: AppSpec = entry.spec, firstStart = false): Promise<void> {
    // Ids first, all at once: apps created side by side still get consecutive ids (and log names).
    const added = AppTable.freeIndexes(entry, count).map((index): Slot => ({
      pm_id: this.ctx.table.allocateId((pm_id) => this.ctx.supervisor.get(pm_id) !== undefined),
      index,
      wanted: launch,
    }));
    let notReady: NotReady | undefined;
    for (const [offset, slot] of added.entries()) {
      entry.slots.push(slot);
      this.ctx.table.changed(entry.name);
      if (!launch) continue;
      try {
        // Every instance launches, those after an unready one too.
        const unready = await keepingNotReady(() =>
          this.ctx.supervisor.launch({ pm_id: slot.pm_id, index: slot.index, spec, baseEnv: entry.baseEnv, firstStart }),
        );
        notReady ??= unready;
      } catch (error) {
        if (firstStart) entry.slots.push(...added.slice(offset + 1));
        throw error;
      }
    }
    if (notReady) throw notReady;
  }

  private commit(entry: AppEntry, spec: AppSpec, changed: string[]): void {
    entry.spec = spec;
    if (changed.length > 0) this.ctx.table.recordHistory(entry, changed, this.ctx.now());
    this.ctx.table.changed(entry.name);
  }
}

/** Runs `fn`; a NotReady (processes kept running) is returned for the caller to throw once its work is recorded. */
async function keepingNotReady(fn: () => Promise<unknown>): Promise<NotReady | undefined> {
  try {
    await fn();
    return undefined;
  } catch (error) {
    if (error instanceof NotReady) return error;
    throw error;
  }
}
