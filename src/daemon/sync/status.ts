// What a user sees of a source (`sync list`, `sync status`, every sync's result): its settings
// without the notification secret or the repository's credentials, what runs, the head, the pending revision, and one of five
// states with the message that explains it.
import { hideUrlCredentials } from '../../ecosystem/redact.js';
import type { SourceView } from '../../protocol/sync.js';
import type { SyncHost } from './host.js';
import { sourceId } from './pipeline.js';
import type { StoredSource } from './types.js';

export interface SourceActivity {
  /** A sync of the source is running. */
  running: boolean;
  nextSyncAt: number | null;
}

export function sourceView(daemon: SyncHost, stored: StoredSource, activity: SourceActivity): SourceView {
  const owner = sourceId(stored.config.name);
  const apps = [...daemon.table.apps.values()]
    .filter((entry) => entry.source === owner)
    .map((entry) => ({
      name: entry.name,
      instances: entry.spec.instances,
      running: entry.slots.filter((slot) => {
        const status = daemon.supervisor.get(slot.pm_id)?.status;
        return status === 'online' || status === 'launching';
      }).length,
    }));
  const { status, message } = statusOf(stored, activity.running, apps);
  return {
    name: stored.config.name,
    // The notification secret and the repository's credentials stay in the daemon: views show where
    // notifications go and where the repository is, not how they are signed or reached.
    config: {
      ...stored.config,
      repo: hideUrlCredentials(stored.config.repo),
      ...(stored.config.notify === undefined ? {} : { notify: { webhooks: stored.config.notify.webhooks, slack: stored.config.notify.slack } }),
    },
    status,
    suspended: stored.suspended,
    revision: stored.applied?.revision ?? null,
    subject: stored.applied?.subject ?? null,
    appliedAt: stored.applied?.at ?? null,
    head: stored.head?.revision ?? null,
    lastSyncAt: stored.lastSyncAt,
    nextSyncAt: activity.nextSyncAt,
    failure: stored.failure,
    drift: stored.drift,
    pending: stored.pending,
    apps,
    message,
  };
}

/** The five states, in the order that explains most: progressing, failed, out-of-sync, degraded, synced. */
function statusOf(stored: StoredSource, running: boolean, apps: SourceView['apps']): Pick<SourceView, 'status' | 'message'> {
  const short = (revision: string): string => revision.slice(0, 12);
  if (running) return { status: 'progressing', message: 'syncing now' };
  const { failure, applied, head } = stored;
  if (failure && (failure.revision === null || failure.revision === head?.revision)) {
    const keeps = applied ? `; ${short(applied.revision)} keeps running` : '';
    return { status: 'failed', message: `${failure.step} failed${failure.revision ? ` for ${short(failure.revision)}` : ''}: ${failure.message}${keeps}` };
  }
  const { pending } = stored;
  if (pending !== null && pending.revision !== applied?.revision) {
    return {
      status: 'out-of-sync',
      message: `${short(pending.revision)} ${pending.subject} awaits approval (${pending.steps.length} step(s)); \`tend sync now ${stored.config.name} --revision ${short(pending.revision)}\` applies it`,
    };
  }
  if (applied === null) return { status: 'out-of-sync', message: 'nothing applied yet' };
  if (head && head.revision !== applied.revision) {
    return {
      status: 'out-of-sync',
      message: `${short(head.revision)} is the head of ${stored.config.ref}, ${short(applied.revision)} runs${stored.suspended ? ' (auto-sync suspended)' : ''}`,
    };
  }
  if (stored.drift.length > 0) return { status: 'out-of-sync', message: `drift: ${stored.drift.map((item) => `${item.app}: ${item.detail}`).join('; ')}` };
  const short_of = apps.filter((app) => app.running < app.instances);
  if (short_of.length > 0) return { status: 'degraded', message: short_of.map((app) => `${app.name}: ${app.running}/${app.instances} running`).join('; ') };
  return { status: 'synced', message: `${short(applied.revision)} ${applied.subject}${stored.suspended ? ' (auto-sync suspended)' : ''}` };
}
