// Restarts nobody typed: file changes (watch), memory over max_memory_restart, and cron_restart.
// Wires the watchers, the monitor and the cron jobs to the daemon's table and to Operations (the
// one path that changes processes). Cluster apps are reloaded, fork apps restarted; instances the
// user stopped are left alone. The watchers (chokidar) and cron jobs (croner) are loaded with the first
// app that needs them: a daemon without such apps does not spend their memory.
import type { Logger } from 'pino';
import type { AppSpec } from '../../ecosystem/types.js';
import type { AppEntry, AppTable, Slot } from '../app-table.js';
import type { Operations } from '../operations.js';
import type { InstanceInfo } from '../process/types.js';
import type { AppWatchers } from '../watch/app-watchers.js';
import type { CronRestarts } from './cron-restarts.js';
import { MetricsHistory } from './metrics-history.js';
import { Monitor, type MonitoredInstance } from './monitor.js';
import type { Usage } from './usage-sampler.js';

export interface AutoRestartsContext {
  table: AppTable;
  operations: Pick<Operations, 'exclusive' | 'rollout' | 'updateLive'>;
  /** The instances the supervisor knows. */
  instances: () => InstanceInfo[];
  logger: Logger;
  /** tend's log directory: never watched. */
  logsDir: string;
  /** Tells the next CLI call and every subscriber about a problem nobody asked about. */
  notice: (message: string) => void;
  env: NodeJS.ProcessEnv;
}

export type AutoRestartReason = 'watch' | 'memory' | 'cron';

/** Sampling and memory-check interval: TEND_MONITOR_INTERVAL (or PM2's PM2_WORKER_INTERVAL), ms. */
export function monitorInterval(env: NodeJS.ProcessEnv): number {
  const given = Number(env.TEND_MONITOR_INTERVAL ?? env.PM2_WORKER_INTERVAL);
  return Number.isFinite(given) && given >= 100 ? given : 5000;
}

export class AutoRestarts {
  readonly monitor: Monitor;
  /** Undefined until an active app has `watch` set. */
  private watchers: AppWatchers | undefined;
  /** Undefined until a running app has `cron_restart` set. */
  private cron: CronRestarts | undefined;
  private readonly loading = new Set<'watch' | 'cron'>();
  /** The last hour of each instance's samples, exits and restarts (bounded; follows the table). */
  readonly metrics = new MetricsHistory();
  /** Watch paths put aside by `stop --watch`, given back by `restart --watch`. */
  private readonly unwatched = new Map<string, string[]>();
  private closed = false;
  private started = false;
  /** A sync with the table is scheduled: the many changes of one operation are followed once. */
  private syncPending = false;

  constructor(private readonly ctx: AutoRestartsContext) {
    this.monitor = new Monitor({
      intervalMs: monitorInterval(ctx.env),
      includeChildren: ctx.env.TEND_MONITOR_CHILDREN === '1' || ctx.env.TEND_MONITOR_CHILDREN === 'true',
      instances: () => this.runningInstances(),
      history: this.metrics,
      onMemoryExceeded: (instance, rss) => this.restartForMemory(instance, rss),
      onError: (error) => ctx.logger.warn({ err: error }, 'monitor tick failed'),
    });
  }

  /** Starts following the table (its change announcements) and sampling. */
  start(): void {
    this.started = true;
    this.ctx.table.onChange(() => this.scheduleSync());
    this.sync();
    this.monitor.start();
  }

  private scheduleSync(): void {
    if (this.syncPending) return;
    this.syncPending = true;
    setImmediate(() => {
      this.syncPending = false;
      this.sync();
    });
  }

  /** Makes watchers and cron jobs match the table (apps added, removed, stopped, live settings applied). */
  private sync(): void {
    if (this.closed || !this.started) return;
    const entries = [...this.ctx.table.apps.values()];
    const running = entries.filter((entry) => entry.slots.some((slot) => slot.wanted));
    this.metrics.retain(entries.flatMap((entry) => entry.slots.map((slot) => slot.pm_id)));
    // A set: with thousands of apps, a list lookup per app made every table change quadratic.
    const active = new Set(running);
    const watched = entries.map((entry) => ({ name: entry.name, spec: entry.spec, active: active.has(entry) }));
    if (this.watchers) this.watchers.sync(watched);
    else if (watched.some((app) => app.active && app.spec.watch !== false)) this.load('watch');
    const timed = running.map((entry) => ({ name: entry.name, cron_restart: entry.spec.cron_restart }));
    if (this.cron) this.cron.sync(timed);
    else if (timed.some((app) => app.cron_restart !== null)) this.load('cron');
    for (const name of this.unwatched.keys()) if (!this.ctx.table.apps.has(name)) this.unwatched.delete(name);
  }

  /** Loads a feature's module once, then syncs again (the table may have changed meanwhile). */
  private load(feature: 'watch' | 'cron'): void {
    if (this.loading.has(feature)) return;
    this.loading.add(feature);
    const loaded =
      feature === 'watch'
        ? import('../watch/app-watchers.js').then((module) => this.createWatchers(module))
        : import('./cron-restarts.js').then((module) => this.createCron(module));
    loaded.then(
      () => this.sync(),
      (error: unknown) => this.ctx.logger.error({ err: error, feature }, 'cannot load the module of an automatic restart'),
    );
  }

  private createWatchers({ AppWatchers }: typeof import('../watch/app-watchers.js')): void {
    const { logger, notice, logsDir } = this.ctx;
    this.watchers = new AppWatchers({
      alwaysIgnore: [logsDir],
      onChange: (name, files) => {
        logger.info({ app: name, changed: files.length, files: files.slice(0, 10) }, 'files changed: restarting');
        void this.restartApp(name, 'watch');
      },
      onError: (name, error) => {
        logger.warn({ app: name, code: error.code, err: error.message }, 'watch problem');
        notice(`${error.code}: ${error.message}. ${error.hint}`);
      },
      onReady: (name, paths) => logger.info({ app: name, paths }, 'watching'),
    });
  }

  private createCron({ CronRestarts }: typeof import('./cron-restarts.js')): void {
    const { logger } = this.ctx;
    this.cron = new CronRestarts(
      (name) => {
        logger.info({ app: name }, 'cron_restart: restarting');
        return this.restartApp(name, 'cron');
      },
      (name, error) => logger.warn({ app: name, err: error.message }, 'cron_restart pattern refused'),
    );
  }

  /** Usage by pid for `tend ls` / `jlist` (the monitor's last sample when fresh). */
  usage(pids: readonly number[]): Promise<Map<number, Usage>> {
    return this.monitor.usage(pids);
  }

  /** `stop --watch` turns watching off (an applied live change); `restart --watch` toggles it. */
  setWatch(entry: AppEntry, on: boolean): void {
    if ((entry.spec.watch !== false) === on) return;
    let watch: AppSpec['watch'];
    if (on) {
      watch = this.unwatched.get(entry.name) ?? [entry.spec.cwd];
      this.unwatched.delete(entry.name);
    } else {
      if (entry.spec.watch !== false) this.unwatched.set(entry.name, entry.spec.watch);
      watch = false;
    }
    this.ctx.operations.updateLive(entry, { ...entry.spec, watch }, ['watch']);
    this.sync();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.monitor.stop();
    this.cron?.close();
    await this.watchers?.close();
  }

  private runningInstances(): MonitoredInstance[] {
    return this.ctx.instances().flatMap((info) => {
      if (info.status !== 'online' || info.pid === null) return [];
      const spec = this.ctx.table.apps.get(info.name)?.spec ?? info.spec;
      return [{ pm_id: info.pm_id, name: info.name, pid: info.pid, maxMemory: spec.max_memory_restart }];
    });
  }

  private async restartForMemory(instance: MonitoredInstance, rss: number): Promise<void> {
    const entry = this.ctx.table.entryOf(instance.pm_id);
    const slot = entry?.slots.find((s) => s.pm_id === instance.pm_id);
    if (!entry || !slot) return;
    this.ctx.logger.warn({ app: instance.name, pm_id: instance.pm_id, pid: instance.pid, rss, limit: instance.maxMemory }, 'memory limit passed: restarting');
    await this.restartSlots(entry, [slot], 'memory');
  }

  private async restartApp(name: string, reason: AutoRestartReason): Promise<void> {
    const entry = this.ctx.table.apps.get(name);
    if (entry) await this.restartSlots(entry, entry.slots, reason);
  }

  /** Restarts (cluster: reloads) the wanted ones of these slots through the rollout engine, one app operation at a time. */
  private async restartSlots(entry: AppEntry, slots: readonly Slot[], reason: AutoRestartReason): Promise<void> {
    const { operations, table, logger } = this.ctx;
    const mode = entry.spec.exec_mode === 'cluster' ? 'reload' : 'restart';
    try {
      await operations.exclusive(entry.name, async () => {
        // The app may have been deleted, scaled down or stopped while this waited for its turn.
        if (table.apps.get(entry.name) !== entry) return;
        const wanted = slots.filter((slot) => slot.wanted && entry.slots.includes(slot));
        await operations.rollout(entry, wanted, { spec: entry.spec, baseEnv: entry.baseEnv }, { mode });
      });
    } catch (error) {
      logger.warn({ app: entry.name, reason, err: error instanceof Error ? error.message : String(error) }, 'automatic restart failed');
    }
  }
}
