// What git sync needs of the daemon, and nothing more: the table to read, the reconciler to plan and
// apply through, the home's paths, the logger, the store to announce its own section's changes, the
// notices that tell clients what could not be restored, and the adapters (git, webhooks) it works with.
import type { Logger } from 'pino';
import type { HomePaths } from '../../protocol/home.js';
import type { AppTable } from '../app-table.js';
import type { DaemonAdapters } from '../ports.js';
import type { Supervisor } from '../process/supervisor.js';
import type { Reconciler } from '../reconcile.js';
import type { StateStore } from '../state-store.js';

export interface SyncHost {
  readonly paths: HomePaths;
  readonly logger: Logger;
  readonly table: AppTable;
  readonly supervisor: Pick<Supervisor, 'get' | 'on'>;
  readonly reconciler: Reconciler;
  readonly store: Pick<StateStore, 'changed'>;
  /** Said to the next clients (a sync section of state.json that could not be read). */
  readonly notices: string[];
  readonly adapters: DaemonAdapters;
}
