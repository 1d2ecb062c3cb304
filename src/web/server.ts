// The console's HTTP server. Every request carries the token: the page once as `?token=` (the page
// then keeps it in sessionStorage and drops it from the address bar; a reload is let in by a cookie
// that opens the page only), every API call as `Authorization: Bearer …`. API calls accept only the
// header, never a cookie or the query, so another site cannot make a browser change state. The page and its script are one response (inlined), with a
// CSP nonce, so no other file needs a token.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { TendError } from '../errors/index.js';
import { holderName } from '../client/caller.js';
import type { DaemonEvent } from '../protocol/messages.js';
import { CurrentToken, tokenMatches, webTokenFile } from './token.js';
import { DaemonLink } from './daemon-link.js';
import { appRows, applyView, revisionViews } from './views.js';
import { fileSources, syncDiff, syncSources } from './sources.js';

const staticDir = new URL('../../../src/web/static/', import.meta.url);
// uPlot is found from the shipped static folder (inside the package, whichever file runs this).
const require = createRequire(staticDir);
/** A slow browser gets at most this much queued log output; later lines are dropped and counted. */
const maxQueuedBytes = 1024 * 1024;
const maxBodyBytes = 64 * 1024;

export interface WebServerOptions {
  home: string;
}

type Handler = (request: IncomingMessage, response: ServerResponse, match: RegExpMatchArray) => Promise<void>;

export function createWebServer(options: WebServerOptions): { server: Server; link: DaemonLink } {
  const link = new DaemonLink(options.home);
  const token = new CurrentToken(webTokenFile(options.home));
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
    {
      method: 'GET',
      path: /^\/api\/apps\/([^/]+)\/metrics$/,
      handler: async (_request, response, match) => sendJson(response, 200, await (await link.get()).request('metrics', { name: decode(match[1]) })),
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
      method: 'GET',
      path: /^\/api\/sync\/([^/]+)\/diff$/,
      handler: async (_request, response, match) => sendJson(response, 200, await syncDiff(await link.get(), decode(match[1]))),
    },
    {
      method: 'POST',
      path: /^\/api\/sync\/([^/]+)\/(now|suspend|resume)$/,
      handler: async (request, response, match) => {
        const client = await link.get();
        const name = decode(match[1]);
        const holder = holderName('tend web');
        if (match[2] === 'suspend') return sendJson(response, 200, { status: (await client.request('syncSuspend', { name })).status });
        // "Sync now" under a plan applies that plan's commit only (`sync now --revision`).
        const { revision } = await readJson(request);
        if (revision !== undefined && (typeof revision !== 'string' || !/^[0-9a-f]{4,40}$/i.test(revision)))
          throw new TendError('E_WEB_REQUEST', 'sync now takes "revision": a commit id');
        const result =
          match[2] === 'now'
            ? await client.request('syncNow', { name, holder, ...(revision === undefined ? {} : { revision }) })
            : await client.request('syncResume', { name, holder });
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
    const expected = token.get();
    if (request.method === 'GET' && url.pathname === '/') {
      const cookie = pageCookie(request);
      const fromUrl = tokenMatches(expected, url.searchParams.get('token'));
      if (!fromUrl && !tokenMatches(expected, cookie.value) && !tokenMatches(expected, bearer(request))) return unauthorized(response);
      // Reloading the page (its address no longer carries the token) is let in by a cookie that
      // serves this page only: the API never reads it, so another site gains nothing from it.
      if (fromUrl) response.setHeader('Set-Cookie', `${cookie.name}=${expected}; HttpOnly; SameSite=Strict; Path=/`);
      return sendPage(response, page);
    }
    if (!tokenMatches(expected, bearer(request))) return unauthorized(response);
    const route = routes.find((candidate) => candidate.method === request.method && candidate.path.test(url.pathname));
    const match = route ? url.pathname.match(route.path) : null;
    if (!route || !match) return sendJson(response, 404, { error: { code: 'E_WEB_NOT_FOUND', message: `no ${request.method ?? ''} ${url.pathname}` } });
    route.handler(request, response, match).catch((error: unknown) => sendError(response, error));
  });
  return { server, link };
}

/** The page with its styles and scripts inlined; uPlot (the charts) comes built in its npm package. */
function pageTemplate(): (nonce: string) => string {
  const read = (name: string): string => readFileSync(new URL(name, staticDir), 'utf8');
  const parts: Record<string, string> = {
    '/*CHART_STYLE*/': readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    '/*CHART_SCRIPT*/': readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    '/*STYLE*/': read('console.css'),
    '/*SCRIPT*/': read('console.js'),
  };
  // The nonce goes into the page's own tags only, never into the inlined files.
  const pieces = read('index.html').split(/(\/\*(?:CHART_STYLE|CHART_SCRIPT|STYLE|SCRIPT)\*\/)/);
  return (nonce) => pieces.map((piece) => parts[piece] ?? piece.replaceAll('NONCE', nonce)).join('');
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

/** The page's cookie: named for the port, so consoles of several homes on one host keep theirs. */
function pageCookie(request: IncomingMessage): { name: string; value: string | null } {
  const name = `tend-web-${request.socket.localPort ?? 0}`;
  const found = (request.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim().split('='))
    .find(([key]) => key === name);
  return { name, value: found?.[1] ?? null };
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
