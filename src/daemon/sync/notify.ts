// A source's notifications: what happened (applied, failed, drift, self-healed), sent to the
// source's webhooks (through the daemon's notify adapter). Best effort: failures are logged, a sync never waits on
// or fails because of them.
import type { SyncHost } from './host.js';
import type { SourceConfig } from '../../protocol/sync.js';

export type NotifyEvent = 'applied' | 'failed' | 'drift' | 'self-healed';

export interface Notification {
  readonly source: string;
  readonly event: NotifyEvent;
  readonly revision: string | null;
  readonly message: string;
  /** ISO time. */
  readonly at: string;
}

export async function notify(config: SourceConfig, notification: Notification, daemon: Pick<SyncHost, 'logger' | 'adapters'>): Promise<void> {
  if (config.notify === undefined) return;
  const icon = notification.event === 'failed' ? ':x:' : notification.event === 'drift' ? ':warning:' : ':white_check_mark:';
  const text = `${icon} tend sync ${notification.source}: ${notification.event} — ${notification.message}`;
  const failures = await daemon.adapters.notify(config.notify, notification.event, { kind: 'sync', ...notification }, text);
  for (const failure of failures) daemon.logger.warn({ source: notification.source, failure }, 'notification not delivered');
}
