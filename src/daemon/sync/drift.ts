// Drift: hand changes to the apps a source owns (`tend scale web 8`, `tend stop api`, `tend delete
// api`), found by comparing the source's applied specs with the daemon's table. Crashed instances
// are not drift (the status says degraded); only what a person changed is.
import type { AppSpec } from '../../ecosystem/types.js';
import type { SyncHost } from './host.js';
import type { DriftItem } from '../../protocol/sync.js';

export function detectDrift(daemon: SyncHost, source: string, desired: readonly AppSpec[]): DriftItem[] {
  const items: DriftItem[] = [];
  for (const spec of desired) {
    const entry = daemon.table.apps.get(spec.name);
    if (entry === undefined) {
      items.push({ app: spec.name, detail: 'deleted by hand' });
    } else if (entry.source !== source) {
      items.push({ app: spec.name, detail: `now managed by ${entry.source}` });
    } else if (entry.slots.length !== spec.instances) {
      items.push({ app: spec.name, detail: `instances ${spec.instances} → ${entry.slots.length} (scaled by hand)` });
    } else {
      const stopped = entry.slots.filter((slot) => !slot.wanted).length;
      if (stopped > 0) items.push({ app: spec.name, detail: `${stopped} of ${entry.slots.length} instance(s) stopped by hand` });
    }
  }
  return items;
}
