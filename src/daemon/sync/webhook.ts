// The webhook receiver: POST /sync/<name> with an HMAC-SHA256 of the raw body, in GitHub's
// `X-Hub-Signature-256: sha256=<hex>` or the generic `X-Tend-Signature` header, compared in constant
// time. The signature is checked before anything else (an unsigned caller learns nothing, not even
// which sources exist): 401 bad or missing signature, 404 unknown source, 409 a delivery id already
// received (a replay), 202 queued — or ignored, for a push to a branch the source does not follow.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Push payloads are a few KiB; anything much larger is not a webhook. */
export const maxBodyBytes = 1024 * 1024;

export const signatureHeaders = ['x-hub-signature-256', 'x-tend-signature'] as const;

export function signBody(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function verifySignature(secret: string, body: Buffer, header: string | undefined): boolean {
  if (header === undefined) return false;
  const hex = header.trim().replace(/^sha256=/i, '');
  if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}

/** What a push payload says, as far as tend reads it. */
export interface PushInfo {
  /** `refs/heads/main` (GitHub, GitLab, Gitea, Bitbucket Server's plain payloads), when the body has one. */
  ref?: string;
}

export interface WebhookOptions {
  port: number;
  bind: string;
  secret: string;
  /** Queues a sync of the named source: 'unknown' for no such source, 'other-ref' for a push it does not follow. */
  trigger: (name: string, push: PushInfo) => 'queued' | 'unknown' | 'other-ref';
}

/** Delivery id headers of the common forges, and tend's own. */
const deliveryHeaders = ['x-github-delivery', 'x-gitea-delivery', 'x-gogs-delivery', 'x-gitlab-event-uuid', 'x-request-uuid', 'x-tend-delivery'] as const;
/** Delivery ids remembered to refuse replays (a captured signed request sent again). */
const rememberedDeliveries = 4096;

function deliveryOf(request: IncomingMessage): string | undefined {
  for (const name of deliveryHeaders) {
    const value = request.headers[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

function pushOf(body: Buffer): PushInfo {
  try {
    const payload = JSON.parse(body.toString('utf8')) as { ref?: unknown };
    return typeof payload.ref === 'string' ? { ref: payload.ref } : {};
  } catch {
    // Not JSON (a form-encoded payload, or an empty ping): nothing to check the ref against.
    return {};
  }
}

function answer(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  response.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
  response.end(`${JSON.stringify(body)}\n`);
}

function headerOf(request: IncomingMessage): string | undefined {
  for (const name of signatureHeaders) {
    const value = request.headers[name];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

function handle(options: WebhookOptions, seen: Set<string>, request: IncomingMessage, response: ServerResponse): void {
  const match = /^\/sync\/([A-Za-z0-9._-]+)\/?$/.exec(new URL(request.url ?? '/', 'http://localhost').pathname);
  if (request.method !== 'POST') {
    answer(response, 405, { error: 'POST only' });
    request.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBodyBytes && !refused) {
      refused = true;
      answer(response, 413, { error: `body larger than ${maxBodyBytes} bytes` });
      request.destroy();
      return;
    }
    if (!refused) chunks.push(chunk);
  });
  request.on('end', () => {
    if (refused) return;
    if (!verifySignature(options.secret, Buffer.concat(chunks), headerOf(request))) {
      answer(response, 401, { error: 'bad or missing signature' });
      return;
    }
    const name = match?.[1];
    const delivery = deliveryOf(request);
    const key = delivery === undefined || name === undefined ? undefined : `${name} ${delivery}`;
    if (key !== undefined && seen.has(key)) {
      answer(response, 409, { error: `delivery ${delivery} was already received (a replay)` });
      return;
    }
    const verdict = name === undefined ? 'unknown' : options.trigger(name, pushOf(Buffer.concat(chunks)));
    if (verdict === 'unknown') {
      answer(response, 404, { error: 'no such source' });
      return;
    }
    if (key !== undefined) {
      seen.add(key);
      if (seen.size > rememberedDeliveries) seen.delete(seen.values().next().value as string);
    }
    if (verdict === 'other-ref') answer(response, 202, { ignored: name, reason: 'a push to a ref this source does not follow' });
    else answer(response, 202, { queued: name });
  });
  request.on('error', () => undefined);
}

export class WebhookServer {
  private constructor(
    private readonly server: Server,
    readonly port: number,
    readonly bind: string,
  ) {}

  static listen(options: WebhookOptions): Promise<WebhookServer> {
    const seen = new Set<string>();
    const server = createServer((request, response) => handle(options, seen, request, response));
    server.requestTimeout = 30_000;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.bind, () => {
        server.off('error', reject);
        server.unref();
        resolve(new WebhookServer(server, (server.address() as AddressInfo).port, options.bind));
      });
    });
  }

  url(): string {
    const host = this.bind.includes(':') ? `[${this.bind}]` : this.bind;
    return `http://${host}:${this.port}/sync/<name>`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
