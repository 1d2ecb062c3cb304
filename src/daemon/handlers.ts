// The handler table: one entry per protocol method. Params arrive checked against their schema
// (server.ts); each handler delegates to the one service method that does the work: the verbs, the
// reconciler (plan / apply / rollback), the process list, the dump, the log hub or git sync.
import type { Logger } from 'pino';
import type { AppTable } from './app-table.js';
import { saveDump } from './dump.js';
import type { LogHub } from './logs/types.js';
import type { MetricsHistory } from './monitor/metrics-history.js';
import type { ProcessList } from './process-list.js';
import type { Reconciler } from './reconcile.js';
import type { HandlerTable } from './server.js';
import type { StoredApp } from './state-schema.js';
import type { SyncManager } from './sync/manager.js';
import { syncHandlers } from './sync/handlers.js';
import type { Verbs } from './verbs.js';
import { protocolVersion } from '../protocol/messages.js';
import { version } from '../version.js';

/** What the handlers delegate to. */
export interface HandlerServices {
  home: string;
  dumpFile: string;
  startedAt: number;
  logger: Logger;
  table: Pick<AppTable, 'need' | 'ownedSpecs'>;
  verbs: Verbs;
  processes: Pick<ProcessList, 'list'>;
  reconciler: Pick<Reconciler, 'plan' | 'apply' | 'rollback'>;
  logs: Pick<LogHub, 'reopen'>;
  /** Each instance's last hour of cpu and memory, and its exits and restarts. */
  metrics: Pick<MetricsHistory, 'read'>;
  /** The git sync manager (made after the handler table). */
  sync: () => Promise<SyncManager>;
  /** The apps as state.json keeps them (what `save` dumps). */
  storedApps: () => StoredApp[];
  /** Said once, to the next client's hello: the apps brought back at start and the notices since. */
  greeting: () => { restored: string[]; notices: string[] };
  shutdown: (keepState: boolean) => Promise<number>;
}

export function createHandlers(s: HandlerServices): HandlerTable {
  const { verbs } = s;
  return {
    hello: (params) => {
      if (params.protocol !== protocolVersion) s.logger.warn({ client: params.client }, 'client speaks another protocol version');
      return Promise.resolve({ protocol: protocolVersion, version, pid: process.pid, home: s.home, ...s.greeting() });
    },
    ping: () => Promise.resolve({ pid: process.pid, uptime: Date.now() - s.startedAt }),
    list: (params) => s.processes.list(params.names),
    plan: (params) => Promise.resolve(s.reconciler.plan(params)),
    apply: (params, context) => s.reconciler.apply(params, context.progress),
    rollback: (params, context) => s.reconciler.rollback(params, context.progress),

    stop: (params) => verbs.stop(params),
    restart: (params) => verbs.restart(params),
    reload: (params) => verbs.reload(params),
    delete: (params) => verbs.delete(params),
    reset: (params) => verbs.reset(params),
    scale: (params) => verbs.scale(params),
    signal: (params) => verbs.signal(params),
    sendLine: (params) => Promise.resolve(verbs.sendLine(params)),
    sendData: (params) => verbs.sendData(params),
    history: (params) => Promise.resolve(s.table.need(params.name).history),
    metrics: (params) => {
      const entry = s.table.need(params.name);
      return Promise.resolve(
        s.metrics.read(
          entry.name,
          entry.slots.map((slot) => slot.pm_id),
        ),
      );
    },
    specs: (params) => Promise.resolve(s.table.ownedSpecs(params.targets)),
    save: (params) => Promise.resolve(saveDump(s.dumpFile, s.storedApps(), params.force ?? false)),
    resurrect: (params) => verbs.resurrect(params),
    cleardump: () => {
      saveDump(s.dumpFile, s.storedApps(), true);
      return Promise.resolve({ file: s.dumpFile });
    },
    flush: (params) => verbs.flush(params),
    reloadLogs: async () => {
      await s.logs.reopen();
      return { ok: true };
    },
    subscribe: (params, context) => {
      context.connection.subscription = { logs: params.logs ?? false, lifecycle: params.lifecycle ?? false, messages: params.messages ?? false };
      return Promise.resolve({ subscribed: true });
    },
    kill: async (params) => ({ stopped: await s.shutdown(params.keepState ?? false) }),
    ...syncHandlers(s.sync),
  };
}
