// A source's notifications: what happened (applied, failed, drift, self-healed, degraded, pending), sent to the
// source's webhooks (through the daemon's notify adapter). Best effort: failures are logged, a sync never waits on
// or fails because of them.
import type { SyncHost } from './host.js';
import type { SourceConfig, StepLine } from '../../protocol/sync.js';

/** `degraded`: an app of the applied revision errored or crash-loops; `pending`: a new head waits for approval. */
export type NotifyEvent = 'applied' | 'failed' | 'drift' | 'self-healed' | 'degraded' | 'pending';

export interface Notification {
  readonly source: string;
  readonly event: NotifyEvent;
  readonly revision: string | null;
  readonly message: string;
  /** ISO time. */
  readonly at: string;
  /** The plan's steps, each with its reasons (`drift-reverted` for a hand change put back). */
  readonly steps?: readonly StepLine[];
}

/** What sending needs of the daemon: its notify adapter, and the log for what was not delivered. */
export type Notifier = Pick<SyncHost, 'logger' | 'adapters'>;

const icons: Record<NotifyEvent, string> = {
  applied: ':white_check_mark:',
  'self-healed': ':white_check_mark:',
  failed: ':x:',
  degraded: ':rotating_light:',
  drift: ':warning:',
  pending: ':hourglass:',
};

export async function notify(config: SourceConfig, notification: Notification, daemon: Notifier): Promise<void> {
  if (config.notify === undefined) return;
  const text = `${icons[notification.event]} tend sync ${notification.source}: ${notification.event} — ${notification.message}`;
  const failures = await daemon.adapters.notify(config.notify, notification.event, { kind: 'sync', ...notification }, text);
  for (const failure of failures) daemon.logger.warn({ source: notification.source, failure }, 'notification not delivered');
}

/** Tells one event of a source in the background. */
export function tellSource(
  config: SourceConfig,
  daemon: Notifier,
  event: NotifyEvent,
  revision: string | null,
  message: string,
  steps?: readonly StepLine[],
): void {
  if (config.notify === undefined) return;
  const at = new Date().toISOString();
  void notify(config, { source: config.name, event, revision, message, at, ...(steps === undefined ? {} : { steps }) }, daemon);
}
