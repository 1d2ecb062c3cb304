// The supervisor program's core: owns the app table, the supervisor, log capture, the state store
// and the RPC server, and restores every app that should be running when it starts.
import type { Logger } from 'pino';
import { AppTable, type AppEntry, type Slot } from './app-table.js';
import { createLogHub } from './logs/index.js';
import { AutoRestarts } from './monitor/auto-restarts.js';
import type { LogHub } from './logs/types.js';
import type { LogLineEvent } from '../protocol/events.js';
import { Operations } from './operations.js';
import { Reconciler } from './reconcile.js';
import type { HomePaths } from '../protocol/home.js';
import { Supervisor } from './process/supervisor.js';
import type { InstanceInfo } from './process/types.js';
import { processRecord } from './process-record.js';
import type { ActionResult, DaemonEvent, ProcessRecord } from '../protocol/messages.js';
import { RpcServer } from './server.js';
import { StateStore, loadState } from './state-store.js';
import { resolveTargets } from './targets.js';
import { createHandlers } from './handlers.js';
import { guardHandlers } from './request-guard.js';
import { SyncManager } from './sync/manager.js';

export interface SlotRef {
  pm_id: number;
  name: string;
  spec: AppEntry['spec'];
  entry: AppEntry;
  slot: Slot;
}

export class Daemon {
  readonly table: AppTable;
  readonly supervisor: Supervisor;
  readonly logs: LogHub;
  readonly store: StateStore;
  readonly operations: Operations;
  /** plan / apply / rollback of desired states, under the apply lock. */
  readonly reconciler: Reconciler;
  readonly server: RpcServer;
  /** Git sync sources, kept in state.json's `sync` section. */
  readonly sync: SyncManager;
  /** Watch, memory-limit and cron restarts, and the metrics sampler. */
  readonly auto: AutoRestarts;
  readonly startedAt = Date.now();
  /** Apps brought back at start (told to the first client). */
  restored: string[] = [];
  notices: string[] = [];
  private shuttingDown = false;
  /** Processes the previous daemon recorded: killed before anything starts (never two copies). */
  private readonly orphans: Array<{ pid: number; pid_start: string | null }>;

  constructor(
    readonly paths: HomePaths,
    readonly logger: Logger,
    private readonly exit: (code: number) => void,
  ) {
    const loaded = loadState(paths.stateFile);
    if (loaded.problem) {
      const notice = loaded.recovered === 'backup' ? `${loaded.problem}: restored from its last good copy` : `${loaded.problem}: no good copy, starting empty`;
      this.notices.push(notice);
      logger.warn({ code: 'E_STATE_CORRUPT' }, notice);
    }
    this.orphans = loaded.state.apps.flatMap((app) =>
      app.slots.filter((slot) => slot.pid !== null).map((slot) => ({ pid: slot.pid as number, pid_start: slot.pid_start })),
    );
    this.table = AppTable.fromState(loaded.state);
    this.logs = createLogHub({
      logsDir: paths.logsDir,
      onLine: (event) => this.publishLog(event),
      onError: (error) => logger.warn({ code: error.code }, error.message),
    });
    this.supervisor = new Supervisor({ home: paths.home, logs: this.logs, logger });
    this.store = new StateStore(
      paths.stateFile,
      {
        full: () => this.snapshot(),
        app: (name) => this.table.storedApp(name, (pm_id) => this.slotRuntime(pm_id)),
        nextId: () => this.table.idCounter,
        sync: () => this.sync.toState(),
      },
      loaded.state.generation ?? 0,
      (error) => logger.error({ code: error.code, errno: (error.details as { errno: string }).errno }, error.message),
      () => logger.info('state written again'),
    );
    this.operations = new Operations({ table: this.table, supervisor: this.supervisor, now: Date.now });
    this.reconciler = new Reconciler({
      table: this.table,
      supervisor: this.supervisor,
      operations: this.operations,
      persist: () => this.store.writeNow(),
      afterPersist: (fn) => this.store.afterWrite(fn),
      logger,
    });
    this.auto = new AutoRestarts({
      table: this.table,
      operations: this.operations,
      instances: () => this.supervisor.list(),
      logger,
      logsDir: paths.logsDir,
      notice: (message) => {
        this.notices.push(message);
        this.broadcast({ type: 'daemon', event: { message } });
      },
      env: process.env,
    });
    // The store writes every table change (coalesced); AutoRestarts follows the table on its own.
    this.table.onChange((name) => this.store.appChanged(name));
    this.sync = new SyncManager(this, loaded.state.sync);
    this.server = new RpcServer(guardHandlers(createHandlers(this), { stopping: () => this.shuttingDown, store: this.store }));
    this.supervisor.on('lifecycle', (event) => {
      this.broadcast({ type: 'lifecycle', event });
      this.auto.metrics.lifecycle(event);
      this.store.appChanged(event.name);
      if (event.kind === 'errored' || event.kind === 'start-failed') logger.warn({ event }, 'app failed');
    });
    this.supervisor.on('message', (event) => this.broadcast({ type: 'message', event }));
  }

  async start(): Promise<void> {
    await Supervisor.killOrphans(this.orphans);
    await this.server.listen(this.paths.socket);
    await this.restore();
    this.sync.start();
    this.store.writeNow(true);
    this.auto.start();
  }

  /** Brings back every wanted instance recorded in state.json (after a crash or a handover). */
  private async restore(): Promise<void> {
    this.restored = await this.operations.restore((entry, error) => this.logger.warn({ err: error, app: entry.name }, 'restore failed for an instance'));
    if (this.restored.length > 0) this.logger.info({ apps: this.restored }, 'restored apps');
  }

  snapshot(): ReturnType<AppTable['toState']> {
    const state = this.table.toState((pm_id) => this.slotRuntime(pm_id));
    return { ...state, sync: this.sync.toState() };
  }

  private slotRuntime(pm_id: number): { pid: number | null; pid_start: string | null; restart_time: number; created_at: number } {
    const info = this.supervisor.get(pm_id);
    return {
      pid: info?.pid ?? null,
      pid_start: info?.pid_start ?? null,
      restart_time: info?.restart_time ?? 0,
      created_at: info?.created_at ?? Date.now(),
    };
  }

  broadcast(event: DaemonEvent): void {
    this.server.broadcast(event);
  }

  private publishLog(event: LogLineEvent): void {
    if (this.server.hasSubscribers('logs')) this.server.broadcast({ type: 'log', event });
  }

  /** Every slot with its entry, for target resolution. */
  slotRefs(): SlotRef[] {
    return this.refsOf(this.table.apps.values());
  }

  private refsOf(entries: Iterable<AppEntry>): SlotRef[] {
    return [...entries].flatMap((entry) => entry.slots.map((slot) => ({ pm_id: slot.pm_id, name: entry.name, spec: entry.spec, entry, slot })));
  }

  resolve(targets: string[]): SlotRef[] {
    return resolveTargets(targets, this.slotRefs());
  }

  /** An InstanceInfo for every slot, including registered-but-never-started ones (autostart: false). */
  instanceOf(ref: SlotRef): InstanceInfo {
    return (
      this.supervisor.get(ref.pm_id) ?? {
        pm_id: ref.pm_id,
        name: ref.name,
        index: ref.slot.index,
        pid: null,
        pid_start: null,
        status: 'stopped',
        restart_time: 0,
        unstable_restarts: 0,
        prev_restart_delay: 0,
        created_at: 0,
        pm_uptime: 0,
        exit_code: null,
        exit_signal: null,
        spec: ref.spec,
        logs: this.logs.pathsFor({ pm_id: ref.pm_id, name: ref.name, spec: ref.spec }),
        env: {},
      }
    );
  }

  /** The process records of every app, or of the named ones only (looked up, not scanned). */
  async list(names?: readonly string[]): Promise<ProcessRecord[]> {
    const entries = names === undefined ? this.table.apps.values() : names.flatMap((name) => this.table.apps.get(name) ?? []);
    const refs = this.refsOf(entries).sort((a, b) => a.pm_id - b.pm_id);
    const instances = refs.map((ref) => ({ ref, info: this.instanceOf(ref) }));
    const pids = instances.map(({ info }) => info.pid).filter((pid): pid is number => pid !== null && pid > 0);
    const usage = await this.auto.usage(pids);
    return instances.map(({ ref, info }) => processRecord(info, ref.entry.source, info.pid === null ? undefined : usage.get(info.pid)));
  }

  result(refs: SlotRef[]): ActionResult {
    return { ids: refs.map((ref) => ref.pm_id), names: [...new Set(refs.map((ref) => ref.name))] };
  }

  /** Stops every app; with keepState the next daemon brings them back (update, SIGTERM). */
  async shutdown(keepState: boolean): Promise<number> {
    if (this.shuttingDown) return 0;
    this.shuttingDown = true;
    const count = this.supervisor.list().length;
    const forget = (): void => {
      for (const entry of [...this.table.apps.values()]) this.table.apps.delete(entry.name);
    };
    if (!keepState) forget();
    this.store.writeNow(true);
    await this.auto.close();
    this.sync.stop();
    await this.supervisor.shutdown();
    await this.logs.close();
    // A request taken before the stop began may have added an app meanwhile: kill forgets it too.
    if (!keepState) forget();
    this.store.writeNow(true);
    this.store.close();
    this.logger.info({ keepState }, 'daemon stopping');
    setImmediate(() => {
      void this.server.close().then(() => this.exit(0));
    });
    return count;
  }
}

export type { Slot };
