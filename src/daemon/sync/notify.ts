// Outgoing notifications of a source: what happened (applied, failed, drift, self-healed) POSTed as
// JSON to generic webhooks — signed with HMAC-SHA256 of the body in `X-Tend-Signature` when the
// source has a secret — and as `{ text }` to Slack-compatible incoming webhooks. Best effort: a
// receiver that is down is logged, never fails or delays a sync beyond its timeout.
import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import type { SourceConfig } from './types.js';

export type NotifyEvent = 'applied' | 'failed' | 'drift' | 'self-healed';

export interface Notification {
  readonly source: string;
  readonly event: NotifyEvent;
  readonly revision: string | null;
  readonly message: string;
  /** ISO time. */
  readonly at: string;
}

const timeoutMs = 5000;

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(timeoutMs) });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`answered ${response.status}`);
}

export async function notify(config: SourceConfig, notification: Notification, logger: Logger): Promise<void> {
  const targets = config.notify ?? { webhooks: [], slack: [] };
  const json = JSON.stringify(notification);
  const signature = targets.secret === undefined ? {} : { 'x-tend-signature': `sha256=${createHmac('sha256', targets.secret).update(json).digest('hex')}` };
  const icon = notification.event === 'failed' ? ':x:' : notification.event === 'drift' ? ':warning:' : ':white_check_mark:';
  const slack = JSON.stringify({ text: `${icon} tend sync ${notification.source}: ${notification.event} — ${notification.message}` });
  const sends = [...targets.webhooks.map((url) => ({ url, run: () => post(url, json, { ...signature, 'x-tend-event': notification.event }) })), ...targets.slack.map((url) => ({ url, run: () => post(url, slack, {}) }))];
  await Promise.all(
    sends.map(async ({ url, run }) => {
      try {
        await run();
      } catch (error) {
        logger.warn({ source: notification.source, url: new URL(url).origin, err: (error as Error).message }, 'notification not delivered');
      }
    }),
  );
}
