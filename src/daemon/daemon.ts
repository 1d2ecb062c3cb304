// The supervisor program's core: owns the app table, the supervisor, log capture, the state store
// and the RPC server, and restores every app that should be running when it starts.
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { TendError } from '../errors/index.js';
import { AppTable, type AppEntry, type Slot } from './app-table.js';
import { createLogHub } from './logs/index.js';
import { AutoRestarts } from './monitor/auto-restarts.js';
import type { LogHub, LogLineEvent } from './logs/types.js';
import { Operations } from './operations.js';
import type { HomePaths } from '../protocol/home.js';
import { Supervisor } from './process/supervisor.js';
import type { InstanceInfo } from './process/types.js';
import { processRecord } from './process-record.js';
import type { ActionResult, DaemonEvent, ProcessRecord } from '../protocol/messages.js';
import { RpcServer } from './server.js';
import { StateStore, loadState, writeFileAtomic, type StoredApp } from './state-store.js';
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
  readonly server: RpcServer;
  /** Git sync sources, kept in state.json's `sync` section. */
  readonly sync: SyncManager;
  /** Watch, memory-limit and cron restarts, and the metrics sampler. */
  readonly auto: AutoRestarts;
  readonly startedAt = Date.now();
  /** Apps brought back at start (told to the first client). */
  restored: string[] = [];
  notices: string[] = [];
  applyLock: { holder: string; since: number } | null = null;
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
    this.orphans = loaded.state.apps.flatMap((app) => app.slots.filter((slot) => slot.pid !== null).map((slot) => ({ pid: slot.pid as number, pid_start: slot.pid_start })));
    this.table = AppTable.fromState(loaded.state);
    this.logs = createLogHub({
      logsDir: paths.logsDir,
      onLine: (event) => this.publishLog(event),
      onError: (error) => logger.warn({ code: error.code }, error.message),
    });
    this.supervisor = new Supervisor({ home: paths.home, logs: this.logs, logger });
    // Every table change reaches the store: watchers and cron jobs follow it on the same coalesced write.
    this.store = new StateStore(
      paths.stateFile,
      () => {
        this.auto.sync();
        return this.snapshot();
      },
      (error) => logger.error({ code: error.code, errno: (error.details as { errno: string }).errno }, error.message),
      () => logger.info('state written again'),
    );
    this.operations = new Operations({ table: this.table, supervisor: this.supervisor, logs: this.logs, store: this.store, now: Date.now });
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
    this.sync = new SyncManager(this, loaded.state.sync);
    this.server = new RpcServer(guardHandlers(createHandlers(this), { stopping: () => this.shuttingDown, store: this.store }));
    this.supervisor.on('lifecycle', (event) => {
      this.broadcast({ type: 'lifecycle', event });
      this.store.changed();
      if (event.kind === 'errored' || event.kind === 'start-failed') logger.warn({ event }, 'app failed');
    });
    this.supervisor.on('message', (event) => this.broadcast({ type: 'message', event }));
  }


  async start(): Promise<void> {
    await Supervisor.killOrphans(this.orphans);
    await this.server.listen(this.paths.socket);
    await this.restore();
    this.sync.start();
    this.store.writeNow();
    this.auto.start();
  }

  /** Brings back every wanted instance recorded in state.json (after a crash or a handover). */
  private async restore(): Promise<void> {
    const entries = [...this.table.apps.values()].filter((entry) => entry.slots.some((slot) => slot.wanted));
    await Promise.all(
      entries.map(async (entry) => {
        for (const slot of entry.slots.filter((s) => s.wanted)) {
          try {
            await this.supervisor.launch({ pm_id: slot.pm_id, index: slot.index, spec: entry.spec, baseEnv: entry.baseEnv });
          } catch (error) {
            this.logger.warn({ err: error, app: entry.name }, 'restore failed for an instance');
          }
        }
      }),
    );
    this.restored = entries.map((entry) => entry.name);
    if (this.restored.length > 0) this.logger.info({ apps: this.restored }, 'restored apps');
  }

  snapshot(): ReturnType<AppTable['toState']> {
    const state = this.table.toState((pm_id) => {
      const info = this.supervisor.get(pm_id);
      return {
        pid: info?.pid ?? null,
        pid_start: info?.pid_start ?? null,
        restart_time: info?.restart_time ?? 0,
        created_at: info?.created_at ?? Date.now(),
      };
    });
    return { ...state, sync: this.sync.toState() };
  }

  broadcast(event: DaemonEvent): void {
    this.server.broadcast(event);
  }

  private publishLog(event: LogLineEvent): void {
    if (this.server.hasSubscribers('logs')) this.server.broadcast({ type: 'log', event });
  }

  /** Every slot with its entry, for target resolution. */
  slotRefs(): SlotRef[] {
    return [...this.table.apps.values()].flatMap((entry) => entry.slots.map((slot) => ({ pm_id: slot.pm_id, name: entry.name, spec: entry.spec, entry, slot })));
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

  async list(): Promise<ProcessRecord[]> {
    const refs = this.slotRefs().sort((a, b) => a.pm_id - b.pm_id);
    const instances = refs.map((ref) => ({ ref, info: this.instanceOf(ref) }));
    const pids = instances.map(({ info }) => info.pid).filter((pid): pid is number => pid !== null && pid > 0);
    const usage = await this.auto.usage(pids);
    return instances.map(({ ref, info }) => processRecord(info, ref.entry.source, info.pid === null ? undefined : usage.get(info.pid)));
  }

  result(refs: SlotRef[]): ActionResult {
    return { ids: refs.map((ref) => ref.pm_id), names: [...new Set(refs.map((ref) => ref.name))] };
  }

  /** Saves the current apps to the dump file (with a .bak of the previous one), as `pm2 save`. */
  save(force: boolean): { file: string; count: number } {
    const apps = this.snapshot().apps;
    if (apps.length === 0 && !force) throw new TendError('E_DUMP_EMPTY', 'no apps to save');
    const file = this.paths.dumpFile;
    try {
      writeFileAtomic(`${file}.bak`, readFileSync(file, 'utf8'));
    } catch {
      // first save: no previous dump to keep
    }
    writeFileAtomic(file, `${JSON.stringify({ format: 1, apps }, null, 2)}\n`);
    return { file, count: apps.length };
  }

  readDump(): StoredApp[] {
    for (const file of [this.paths.dumpFile, `${this.paths.dumpFile}.bak`]) {
      try {
        const parsed = JSON.parse(readFileSync(file, 'utf8')) as { apps?: StoredApp[] };
        if (Array.isArray(parsed.apps)) return parsed.apps;
      } catch {
        // try the backup next
      }
    }
    throw new TendError('E_DUMP_NOT_FOUND', `no readable dump at ${this.paths.dumpFile}`);
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
    this.store.writeNow();
    await this.auto.close();
    this.sync.stop();
    await this.supervisor.shutdown();
    await this.logs.close();
    // A request taken before the stop began may have added an app meanwhile: kill forgets it too.
    if (!keepState) forget();
    this.store.writeNow();
    this.store.close();
    this.logger.info({ keepState }, 'daemon stopping');
    setImmediate(() => {
      void this.server.close().then(() => this.exit(0));
    });
    return count;
  }
}

export type { Slot };
