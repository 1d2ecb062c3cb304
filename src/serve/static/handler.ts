// The request handler of the static server: auth, method, path checks, lookup, conditional GET, body.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { pipeline } from 'node:stream';
import { contentType } from 'mime-types';
import type { ServeConfig } from './config.js';
import { basicAuthChallenge, isAuthorized } from './basic-auth.js';
import { etagOf, isNotModified, lastModifiedOf } from './conditional.js';
import { locate, type Located } from './locate.js';
import { looksLikeRoute, parseRequestPath } from './request-path.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** `root` must already be symlink-resolved: containment is checked against it. */
export function createStaticHandler(config: ServeConfig, root: string): Handler {
  return (request, response) => {
    serve(config, root, request, response).catch((error: unknown) => {
      process.stderr.write(`tend serve: ${request.method ?? '?'} ${request.url ?? '?'}: ${String(error)}\n`);
      if (!response.headersSent) sendStatus(response, 500, 'Internal Server Error');
      else response.destroy();
    });
  };
}

async function serve(config: ServeConfig, root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (config.auth && !isAuthorized(request.headers.authorization, config.auth)) {
    response.setHeader('WWW-Authenticate', basicAuthChallenge);
    sendStatus(response, 401, 'Unauthorized');
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    sendStatus(response, 405, 'Method Not Allowed');
    return;
  }

  const path = parseRequestPath(request.url ?? '');
  if (path.kind === 'malformed') return sendStatus(response, 400, 'Bad Request');
  if (path.kind === 'forbidden') return sendStatus(response, 403, 'Forbidden');
  if (path.kind === 'hidden') return sendStatus(response, 404, 'Not Found');

  let found = await locate(root, path.segments, path.trailingSlash);
  if (found.kind === 'not-found' && config.spa && looksLikeRoute(path.segments)) found = await locateHomepage(config, root);
  switch (found.kind) {
    case 'file':
      return sendFile(request, response, found);
    case 'redirect':
      response.setHeader('Location', found.location + queryOf(request.url ?? ''));
      return sendStatus(response, 301, 'Moved Permanently');
    case 'forbidden':
      return sendStatus(response, 403, 'Forbidden');
    case 'not-found':
      return sendStatus(response, 404, 'Not Found');
  }
}

async function locateHomepage(config: ServeConfig, root: string): Promise<Located> {
  const homepage = parseRequestPath(config.homepage);
  if (homepage.kind !== 'path') return { kind: 'not-found' };
  const found = await locate(root, homepage.segments, homepage.trailingSlash);
  if (found.kind === 'redirect') return locate(root, homepage.segments, true);
  return found;
}

function sendFile(request: IncomingMessage, response: ServerResponse, file: Extract<Located, { kind: 'file' }>): void {
  const version = { size: file.stats.size, mtimeMs: file.stats.mtimeMs };
  response.setHeader('ETag', etagOf(version));
  response.setHeader('Last-Modified', lastModifiedOf(version));
  response.setHeader('Cache-Control', 'public, max-age=0');
  const conditional = { ifNoneMatch: request.headers['if-none-match'], ifModifiedSince: request.headers['if-modified-since'] };
  if (isNotModified(conditional, version)) {
    response.writeHead(304).end();
    release(file);
    return;
  }
  setBodyHeaders(response, file.path, file.stats.size);
  if (request.method === 'HEAD') {
    response.writeHead(200).end();
    release(file);
    return;
  }
  response.writeHead(200);
  if (file.stats.size === 0) {
    response.end();
    release(file);
    return;
  }
  // Read exactly the size announced in Content-Length, even if the file grows meanwhile. The stream owns
  // the handle from here and closes it when done or failed.
  pipeline(file.handle.createReadStream({ start: 0, end: file.stats.size - 1 }), response, () => undefined);
}

function release(file: { readonly handle: { close(): Promise<void> } }): void {
  file.handle.close().catch(() => undefined);
}

function setBodyHeaders(response: ServerResponse, path: string, size: number): void {
  // By extension (contentType() would take a path containing '/' for a media type); adds charset for text.
  response.setHeader('Content-Type', contentType(extname(path)) || 'application/octet-stream');
  response.setHeader('Content-Length', size);
  response.setHeader('X-Content-Type-Options', 'nosniff');
}

function sendStatus(response: ServerResponse, status: number, text: string): void {
  const body = `${status} ${text}\n`;
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

function queryOf(target: string): string {
  const start = target.indexOf('?');
  return start === -1 ? '' : target.slice(start);
}
