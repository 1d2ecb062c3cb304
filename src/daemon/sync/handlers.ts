// The sync methods' handlers, joined into the daemon's handler table.
import type { SyncManager } from './manager.js';
import type { Handler } from '../server.js';
import type { SyncMethodName } from '../../protocol/sync.js';

/** `sync` gives the manager when a request comes (it is loaded with the first sync request or source). */
export function syncHandlers(sync: () => Promise<SyncManager>): { [M in SyncMethodName]: Handler<M> } {
  return {
    syncAdd: async (params, context) => (await sync()).add(params, context.progress),
    syncList: async () => (await sync()).list(),
    syncStatus: async (params) => (await sync()).status(params.name),
    syncNow: async (params, context) => (await sync()).now(params, context.progress),
    syncDiff: async (params, context) => (await sync()).diff(params, context.progress),
    syncSet: async (params, context) => (await sync()).set(params, context.progress),
    syncSuspend: async (params) => (await sync()).suspend(params.name),
    syncResume: async (params, context) => (await sync()).resume(params.name, context.progress),
    syncHistory: async (params) => (await sync()).history(params.name),
    syncRollback: async (params, context) => (await sync()).rollback(params, context.progress),
    syncRemove: async (params) => (await sync()).remove(params),
    syncWebhook: async (params) => (await sync()).configureWebhook(params),
  };
}
