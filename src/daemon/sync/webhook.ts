// The webhook receiver: POST /sync/<name> with an HMAC-SHA256 of the raw body, in GitHub's
// `X-Hub-Signature-256: sha256=<hex>` or the generic `X-Tend-Signature` header, compared in constant
// time. The signature is checked before anything else (an unsigned caller learns nothing, not even
// which sources exist): 401 bad or missing signature, 404 unknown source, 202 queued.
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

export interface WebhookOptions {
  port: number;
  bind: string;
  secret: string;
  /** Queues a sync of the named source; false when there is no such source. */
  trigger: (name: string) => boolean;
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

function handle(options: WebhookOptions, request: IncomingMessage, response: ServerResponse): void {
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
    if (name === undefined || !options.trigger(name)) {
      answer(response, 404, { error: 'no such source' });
      return;
    }
    answer(response, 202, { queued: name });
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
    const server = createServer((request, response) => handle(options, request, response));
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
