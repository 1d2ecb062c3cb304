// What `sync remove` does to a source's apps: hands them to the command line (`--keep-apps`), or
// deletes them and the source's repository and release directories.
import { TendError } from '../../errors/index.js';
import type { SyncHost } from './host.js';
import { sourceId } from './pipeline.js';
import type { SourceRuntime } from './registry.js';

/** The names of the apps the source owns. */
export function ownedApps(daemon: SyncHost, name: string): string[] {
  const owner = sourceId(name);
  return [...daemon.table.apps.values()].filter((entry) => entry.source === owner).map((entry) => entry.name);
}

export async function letGoOfApps(daemon: SyncHost, runtime: SourceRuntime, apps: readonly string[], keepApps: boolean, holder: string): Promise<void> {
  if (keepApps) {
    // The apps stay, as if started by hand; their release directories stay with them.
    for (const name of apps) {
      const entry = daemon.table.apps.get(name);
      if (entry) entry.source = 'cli';
      daemon.table.changed(name);
    }
    return;
  }
  const { stored } = runtime;
  const result = await daemon.reconciler.apply(
    { specs: [], source: sourceId(stored.config.name), baseEnv: stored.baseEnv, mode: 'apply', prune: true, confirmed: true, holder },
    () => undefined,
  );
  if (result.failed) throw new TendError('E_SYNC_APPLY', `deleting ${result.failed.app} failed: ${result.failed.error.message}`);
  runtime.repo.removeAll();
}
