// Degraded: after a revision of a source is applied, one of its apps stops serving on its own — an
// instance errored (its restarts gave up, or a restart failed its start health check) or crash-loops
// (`crashLoopCount` crashes within `crashLoopWindowMs`). Said once per app and applied revision, to
// the source's notifications; what a sync itself starts and fails is the sync's failure, not this.
import type { LifecycleEvent } from '../../protocol/events.js';
import type { SyncHost } from './host.js';
import type { StoredSource } from './types.js';

export const crashLoopCount = 3;
export const crashLoopWindowMs = 60_000;

export interface DegradedWatchOptions {
  /** The source owning `app` (by its `sync:<name>` owner), when a sync source does and nothing of it runs now. */
  settledSourceOf: (owner: string) => StoredSource | undefined;
  tell: (source: StoredSource, app: string, message: string) => void;
}

export class DegradedWatch {
  /** Per app, when its instances crashed lately. */
  private readonly crashes = new Map<string, number[]>();
  /** Per pm_id, why its last start failed (said with the errored that follows). */
  private readonly startFailures = new Map<number, string>();
  /** Per app, the `revision@appliedAt` it was last told for. */
  private readonly told = new Map<string, string>();

  constructor(
    private readonly daemon: SyncHost,
    private readonly options: DegradedWatchOptions,
  ) {}

  start(): void {
    this.daemon.supervisor.on('lifecycle', (event) => this.observe(event));
  }

  private observe(event: LifecycleEvent): void {
    if (event.kind === 'start-failed') {
      this.startFailures.set(event.pm_id, event.reason);
      return;
    }
    // What is kept is per instance or app still there: a started instance or a deleted app leaves nothing.
    if (event.kind === 'online' || event.kind === 'stopped') this.startFailures.delete(event.pm_id);
    this.forgetDeleted();
    const entry = this.daemon.table.apps.get(event.name);
    // Only apps of a source whose revision is applied and settled: a sync's own starts are its outcome.
    if (entry === undefined || this.options.settledSourceOf(entry.source)?.applied == null) return;
    if (event.kind === 'exit' && event.willRestart) {
      const now = Date.now();
      const recent = [...(this.crashes.get(event.name) ?? []), now].filter((at) => now - at <= crashLoopWindowMs);
      this.crashes.set(event.name, recent);
      const how = event.signal ?? `code ${event.code ?? '?'}`;
      if (recent.length >= crashLoopCount)
        this.degraded(event.name, `crash-loops: ${recent.length} crashes within ${crashLoopWindowMs / 1000} s (last: ${how})`);
      return;
    }
    if (event.kind === 'errored') {
      const why = this.startFailures.get(event.pm_id);
      this.startFailures.delete(event.pm_id);
      this.degraded(event.name, `errored (id ${event.pm_id})${why === undefined ? '' : `: ${why}`}`);
    }
  }

  /** Drops what is kept of apps no longer in the table, once there is more of it than apps. */
  private forgetDeleted(): void {
    const { apps } = this.daemon.table;
    for (const kept of [this.crashes, this.told]) {
      if (kept.size <= apps.size) continue;
      for (const name of kept.keys()) if (!apps.has(name)) kept.delete(name);
    }
  }

  private degraded(app: string, detail: string): void {
    const entry = this.daemon.table.apps.get(app);
    if (entry === undefined) return;
    const source = this.options.settledSourceOf(entry.source);
    if (source?.applied == null) return;
    const key = `${source.applied.revision}@${source.applied.at}`;
    if (this.told.get(app) === key) return;
    this.told.set(app, key);
    this.crashes.delete(app);
    this.options.tell(source, app, `${app} ${detail}; ${source.applied.revision.slice(0, 12)} is applied`);
  }
}
