// The sync methods' handlers, joined into the daemon's handler table.
import type { SyncManager } from './manager.js';
import type { Handler } from '../server.js';
import type { SyncMethodName } from '../../protocol/sync.js';

/** `sync` gives the manager when a request comes (it is made after the handler table). */
export function syncHandlers(sync: () => SyncManager): { [M in SyncMethodName]: Handler<M> } {
  return {
    syncAdd: (params, context) => sync().add(params, context.progress),
    syncList: () => Promise.resolve(sync().list()),
    syncStatus: (params) => Promise.resolve(sync().status(params.name)),
    syncNow: (params, context) => sync().now(params, context.progress),
    syncDiff: (params, context) => sync().diff(params, context.progress),
    syncSet: (params, context) => sync().set(params, context.progress),
    syncSuspend: (params) => Promise.resolve(sync().suspend(params.name)),
    syncResume: (params, context) => sync().resume(params.name, context.progress),
    syncHistory: (params) => Promise.resolve(sync().history(params.name)),
    syncRollback: (params, context) => sync().rollback(params, context.progress),
    syncRemove: (params) => sync().remove(params),
    syncWebhook: (params) => sync().configureWebhook(params),
  };
}
