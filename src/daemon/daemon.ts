// The supervisor program's composition root: builds the app table, the supervisor, log capture, the
// state store, the operations, verbs and reconciler, the automatic restarts, git sync and the RPC
// server, wires each to what it needs (narrow interfaces, never this object), then starts and stops
// them. The work itself lives in those services. Git sync is loaded with its first source (at start
// when state.json has one): a daemon that syncs nothing does not spend its memory.
import type { Logger } from 'pino';
import { AppTable } from './app-table.js';
import { createLogHub } from './logs/index.js';
import { AutoRestarts } from './monitor/auto-restarts.js';
import type { LogHub } from './logs/types.js';
import type { LogLineEvent } from '../protocol/events.js';
import { Operations } from './operations.js';
import type { DaemonAdapters } from './ports.js';
import { ProcessList } from './process-list.js';
import { Reconciler } from './reconcile.js';
import type { HomePaths } from '../protocol/home.js';
import { Supervisor } from './process/supervisor.js';
import type { DaemonEvent } from '../protocol/messages.js';
import { RpcServer } from './server.js';
import type { StoredState } from './state-schema.js';
import { StateStore, loadState } from './state-store.js';
import { createHandlers } from './handlers.js';
import { guardHandlers } from './request-guard.js';
import type { SyncManager } from './sync/manager.js';
import type { SyncHost } from './sync/host.js';
import type { StoredSync } from './sync/types.js';
import { Verbs } from './verbs.js';

export interface DaemonOptions {
  paths: HomePaths;
  logger: Logger;
  /** Called once the daemon stopped (the process exits, or the embedded daemon's caller goes on). */
  exit: (code: number) => void;
  /** Git repositories and webhooks, given by the entry point. */
  adapters: DaemonAdapters;
}

export class Daemon {
  /** The process list (`tend ls`), also read in-process by tend-runtime. */
  readonly processes: ProcessList;
  private readonly paths: HomePaths;
  private readonly logger: Logger;
  private readonly exit: (code: number) => void;
  private readonly table: AppTable;
  private readonly supervisor: Supervisor;
  private readonly logs: LogHub;
  private readonly store: StateStore;
  private readonly operations: Operations;
  private readonly server: RpcServer;
  /** Git sync sources, kept in state.json's `sync` section; undefined until loaded. */
  private sync: SyncManager | undefined;
  private syncLoading: Promise<SyncManager> | undefined;
  /** state.json's `sync` section as read, and what the manager is given when it is loaded. */
  private readonly storedSync: unknown;
  private readonly syncHost: SyncHost;
  /** The manager's timers and receiver run (between start and shutdown). */
  private syncRunning = false;
  /** Watch, memory-limit and cron restarts, and the metrics sampler. */
  private readonly auto: AutoRestarts;
  /** Apps brought back at start (told to the first client). */
  private restored: string[] = [];
  /** Problems nobody asked about, told to the next client. */
  private readonly notices: string[] = [];
  private shuttingDown = false;
  /** Processes the previous daemon recorded: killed before anything starts (never two copies). */
  private readonly orphans: Array<{ pid: number; pid_start: string | null }>;

  constructor(options: DaemonOptions) {
    const { paths, logger } = options;
    this.paths = paths;
    this.logger = logger;
    this.exit = options.exit;
    const startedAt = Date.now();
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
        sync: () => this.syncState(),
      },
      loaded.state.generation ?? 0,
      (error) => logger.error({ code: error.code, errno: (error.details as { errno: string }).errno }, error.message),
      () => logger.info('state written again'),
    );
    this.operations = new Operations({ table: this.table, supervisor: this.supervisor, now: Date.now });
    const reconciler = new Reconciler({
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
    this.processes = new ProcessList({ table: this.table, supervisor: this.supervisor, logs: this.logs, usage: (pids) => this.auto.usage(pids) });
    const verbs = new Verbs({
      table: this.table,
      operations: this.operations,
      supervisor: this.supervisor,
      logs: this.logs,
      setWatch: (entry, on) => this.auto.setWatch(entry, on),
      dumpFile: paths.dumpFile,
    });
    // The store writes every table change (coalesced); AutoRestarts follows the table on its own.
    this.table.onChange((name) => this.store.appChanged(name));
    this.storedSync = loaded.state.sync;
    this.syncHost = {
      paths,
      logger,
      table: this.table,
      supervisor: this.supervisor,
      reconciler,
      store: this.store,
      notices: this.notices,
      adapters: options.adapters,
    };
    const handlers = createHandlers({
      home: paths.home,
      dumpFile: paths.dumpFile,
      startedAt,
      logger,
      table: this.table,
      verbs,
      processes: this.processes,
      reconciler,
      logs: this.logs,
      metrics: this.auto.metrics,
      sync: () => this.syncManager(),
      storedApps: () => this.snapshot().apps,
      greeting: () => {
        const restored = this.restored;
        this.restored = [];
        return { restored, notices: this.notices.splice(0) };
      },
      shutdown: (keepState) => this.shutdown(keepState),
    });
    this.server = new RpcServer(guardHandlers(handlers, { stopping: () => this.shuttingDown, store: this.store }));
    this.supervisor.on('lifecycle', (event) => {
      this.broadcast({ type: 'lifecycle', event });
      this.auto.metrics.lifecycle(event);
      this.store.appChanged(event.name);
      if (event.kind === 'errored' || event.kind === 'start-failed') logger.warn({ event }, 'app failed');
    });
    this.supervisor.on('message', (event) => this.broadcast({ type: 'message', event }));
  }

  async start(): Promise<void> {
    // Read before the first client: a sync section that cannot be read is told to it.
    if (!isEmptySync(this.storedSync)) await this.syncManager();
    await Supervisor.killOrphans(this.orphans);
    await this.server.listen(this.paths.socket);
    await this.restore();
    this.syncRunning = true;
    this.sync?.start();
    this.store.writeNow(true);
    this.auto.start();
  }

  /** Brings back every wanted instance recorded in state.json (after a crash or a handover). */
  private async restore(): Promise<void> {
    this.restored = await this.operations.restore((entry, error) => this.logger.warn({ err: error, app: entry.name }, 'restore failed for an instance'));
    if (this.restored.length > 0) this.logger.info({ apps: this.restored }, 'restored apps');
  }

  /** Reopens every app's log files (after logrotate moved them: SIGHUP, SIGUSR2). */
  reopenLogs(): Promise<void> {
    return this.logs.reopen();
  }

  private syncManager(): Promise<SyncManager> {
    this.syncLoading ??= import('./sync/manager.js').then(({ SyncManager }) => {
      const manager = new SyncManager(this.syncHost, this.storedSync);
      this.sync = manager;
      if (this.syncRunning) manager.start();
      return manager;
    });
    return this.syncLoading;
  }

  /** Without a manager the section is empty (one with anything in it is loaded at start). */
  private syncState(): StoredSync {
    return this.sync?.toState() ?? { sources: [], webhook: null };
  }

  private snapshot(): StoredState {
    const state = this.table.toState((pm_id) => this.slotRuntime(pm_id));
    return { ...state, sync: this.syncState() };
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

  private broadcast(event: DaemonEvent): void {
    this.server.broadcast(event);
  }

  private publishLog(event: LogLineEvent): void {
    if (this.server.hasSubscribers('logs')) this.server.broadcast({ type: 'log', event });
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
    this.syncRunning = false;
    this.sync?.stop();
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

/** A `sync` section with no source and no webhook (or none at all). */
function isEmptySync(section: unknown): boolean {
  if (section === undefined) return true;
  if (typeof section !== 'object' || section === null) return false;
  const { sources, webhook, ...rest } = section as { sources?: unknown; webhook?: unknown };
  const noSources = sources === undefined || (Array.isArray(sources) && sources.length === 0);
  return noSources && (webhook === undefined || webhook === null) && Object.keys(rest).length === 0;
}
