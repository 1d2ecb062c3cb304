// The console's HTTP server. Every request carries the token: the page once as `?token=` (the page
// then keeps it in sessionStorage and drops it from the address bar), every API call as
// `Authorization: Bearer …`. API calls accept only the header, never a cookie or the query, so another
// site cannot make a browser change state. The page and its script are one response (inlined), with a
// CSP nonce, so no other file needs a token.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { TendError } from '../errors/index.js';
import { holderName } from '../client/caller.js';
import type { DaemonEvent } from '../protocol/messages.js';
import { tokenMatches } from './token.js';
import { DaemonLink } from './daemon-link.js';
import { appRows, applyView, revisionViews } from './views.js';
import { fileSources, syncSources } from './sources.js';

const staticDir = new URL('../../../src/web/static/', import.meta.url);
/** A slow browser gets at most this much queued log output; later lines are dropped and counted. */
const maxQueuedBytes = 1024 * 1024;
const maxBodyBytes = 64 * 1024;

export interface WebServerOptions {
  home: string;
  token: string;
}

type Handler = (request: IncomingMessage, response: ServerResponse, match: RegExpMatchArray) => Promise<void>;

export function createWebServer(options: WebServerOptions): { server: Server; link: DaemonLink } {
  const link = new DaemonLink(options.home);
  const page = pageTemplate();
  const action =
    (method: 'restart' | 'reload' | 'stop'): Handler =>
    async (_request, response, match) => {
      const client = await link.get();
      sendJson(response, 200, await client.request(method, { targets: [decode(match[1])] }));
    };
  const routes: { method: string; path: RegExp; handler: Handler }[] = [
    {
      method: 'GET',
      path: /^\/api\/apps$/,
      handler: async (_request, response) => sendJson(response, 200, appRows(await (await link.get()).request('list', {}), Date.now())),
    },
    {
      method: 'GET',
      path: /^\/api\/apps\/([^/]+)\/history$/,
      handler: async (_request, response, match) =>
        sendJson(response, 200, revisionViews(await (await link.get()).request('history', { name: decode(match[1]) }))),
    },
    { method: 'POST', path: /^\/api\/apps\/([^/]+)\/restart$/, handler: action('restart') },
    { method: 'POST', path: /^\/api\/apps\/([^/]+)\/reload$/, handler: action('reload') },
    { method: 'POST', path: /^\/api\/apps\/([^/]+)\/stop$/, handler: action('stop') },
    {
      method: 'POST',
      path: /^\/api\/apps\/([^/]+)\/scale$/,
      handler: async (request, response, match) => {
        const body = await readJson(request);
        const instances = body.instances;
        if (typeof instances !== 'string' && typeof instances !== 'number') throw new TendError('E_WEB_REQUEST', 'scale needs "instances": a count, +N or -N');
        sendJson(response, 200, await (await link.get()).request('scale', { name: decode(match[1]), instances: String(instances) }));
      },
    },
    {
      method: 'POST',
      path: /^\/api\/apps\/([^/]+)\/rollback$/,
      handler: async (request, response, match) => {
        const body = await readJson(request);
        const revision = body.revision;
        if (revision !== undefined && typeof revision !== 'number') throw new TendError('E_WEB_REQUEST', 'rollback takes "revision": a number');
        const result = await (
          await link.get()
        ).request('rollback', {
          name: decode(match[1]),
          holder: holderName('tend web'),
          ...(revision === undefined ? {} : { revision }),
        });
        sendJson(response, 200, applyView(result));
      },
    },
    {
      method: 'GET',
      path: /^\/api\/sources$/,
      handler: async (_request, response) => {
        const client = await link.get();
        sendJson(response, 200, { files: await fileSources(client), syncs: await syncSources(client) });
      },
    },
    {
      method: 'POST',
      path: /^\/api\/sync\/([^/]+)\/(now|suspend|resume)$/,
      handler: async (_request, response, match) => {
        const client = await link.get();
        const name = decode(match[1]);
        const holder = holderName('tend web');
        if (match[2] === 'suspend') return sendJson(response, 200, { status: (await client.request('syncSuspend', { name })).status });
        const result = match[2] === 'now' ? await client.request('syncNow', { name, holder }) : await client.request('syncResume', { name, holder });
        sendJson(response, 200, { outcome: result.outcome, message: result.message, status: result.source.status });
      },
    },
    { method: 'GET', path: /^\/api\/logs$/, handler: (request, response) => streamLogs(link, request, response) },
  ];

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://console');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'no-store');
    if (request.method === 'GET' && url.pathname === '/') {
      if (!tokenMatches(options.token, url.searchParams.get('token')) && !tokenMatches(options.token, bearer(request))) return unauthorized(response);
      return sendPage(response, page);
    }
    if (!tokenMatches(options.token, bearer(request))) return unauthorized(response);
    const route = routes.find((candidate) => candidate.method === request.method && candidate.path.test(url.pathname));
    const match = route ? url.pathname.match(route.path) : null;
    if (!route || !match) return sendJson(response, 404, { error: { code: 'E_WEB_NOT_FOUND', message: `no ${request.method ?? ''} ${url.pathname}` } });
    route.handler(request, response, match).catch((error: unknown) => sendError(response, error));
  });
  return { server, link };
}

function pageTemplate(): (nonce: string) => string {
  const read = (name: string): string => readFileSync(new URL(name, staticDir), 'utf8');
  const html = read('index.html');
  const css = read('console.css');
  const script = read('console.js');
  return (nonce) =>
    html
      .replace('/*STYLE*/', () => css)
      .replace('/*SCRIPT*/', () => script)
      .replaceAll('NONCE', nonce);
}

function sendPage(response: ServerResponse, page: (nonce: string) => string): void {
  const nonce = randomBytes(16).toString('base64');
  response.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  });
  response.end(page(nonce));
}

/** Live log lines as server-sent events, read by the page with fetch (so it can send the header). */
async function streamLogs(link: DaemonLink, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const app = new URL(request.url ?? '/', 'http://console').searchParams.get('app');
  let dropped = 0;
  const send = (event: DaemonEvent): void => {
    if (event.type !== 'log' || (app && event.event.name !== app)) return;
    if (response.writableLength > maxQueuedBytes) {
      dropped += 1;
      return;
    }
    const { name, pm_id, stream, line, at } = event.event;
    const payload = dropped > 0 ? { name, pm_id, stream, line, at, dropped } : { name, pm_id, stream, line, at };
    dropped = 0;
    response.write(`data: ${JSON.stringify(payload)}\n\n`);
  };
  const stop = await link.stream({ logs: true }, send);
  response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
  response.write(': connected\n\n');
  request.on('close', stop);
}

function bearer(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null;
}

function decode(segment: string | undefined): string {
  return decodeURIComponent(segment ?? '');
}

function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > maxBodyBytes) {
        reject(new TendError('E_WEB_REQUEST', 'request body too large'));
        request.destroy();
      }
    });
    request.on('end', () => {
      try {
        const value: unknown = body === '' ? {} : JSON.parse(body);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
        resolve(value as Record<string, unknown>);
      } catch {
        reject(new TendError('E_WEB_REQUEST', 'the request body is not a JSON object'));
      }
    });
    request.on('error', reject);
  });
}

function unauthorized(response: ServerResponse): void {
  response.setHeader('WWW-Authenticate', 'Bearer realm="tend web"');
  sendJson(response, 401, {
    error: {
      code: 'E_WEB_UNAUTHORIZED',
      message: 'this console needs its access token',
      hint: 'Open the URL `tend web` printed, or read TEND_HOME/web-token.',
    },
  });
}

function sendError(response: ServerResponse, error: unknown): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  if (error instanceof TendError) {
    const status = error.code === 'E_WEB_REQUEST' ? 400 : error.code === 'E_APP_NOT_FOUND' ? 404 : error.code.startsWith('E_DAEMON') ? 503 : 409;
    return sendJson(response, status, { error: error.toJSON() });
  }
  sendJson(response, 500, { error: { code: 'E_INTERNAL', message: error instanceof Error ? error.message : String(error) } });
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(value));
}
