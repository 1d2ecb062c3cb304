// Sends one notification to generic JSON webhooks — the body signed with HMAC-SHA256 in
// `X-Tend-Signature: sha256=<hex>` when there is a secret — and to Slack-compatible incoming
// webhooks as `{ text }`. Best effort with a timeout: a receiver that is down is reported back,
// never thrown.
import { createHmac } from 'node:crypto';

export interface NotifyTargets {
  /** Generic JSON webhooks. */
  readonly webhooks: readonly string[];
  /** Slack-compatible incoming webhooks. */
  readonly slack: readonly string[];
  readonly secret?: string;
}

const timeoutMs = 5000;

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`answered ${response.status}`);
}

/** Posts `payload` (JSON) and `text` (Slack); resolves with one line per receiver that failed. */
export async function sendNotification(targets: NotifyTargets, event: string, payload: object, text: string): Promise<string[]> {
  const json = JSON.stringify(payload);
  const signature = targets.secret === undefined ? {} : { 'x-tend-signature': `sha256=${createHmac('sha256', targets.secret).update(json).digest('hex')}` };
  const slack = JSON.stringify({ text });
  const sends = [
    ...targets.webhooks.map((url) => ({ url, run: () => post(url, json, { ...signature, 'x-tend-event': event }) })),
    ...targets.slack.map((url) => ({ url, run: () => post(url, slack, {}) })),
  ];
  const failures = await Promise.all(
    sends.map(async ({ url, run }) => {
      try {
        await run();
        return undefined;
      } catch (error) {
        return `${new URL(url).origin}: ${(error as Error).message}`;
      }
    }),
  );
  return failures.filter((failure): failure is string => failure !== undefined);
}
