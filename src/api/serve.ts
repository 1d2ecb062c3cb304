// PM2's serve(path, port, opts, [commander], cb): tend's static file server started as a managed
// app, as `tend serve` starts it (named static-page-server-<port> unless given a name).
import { resolve } from 'node:path';
import { start } from './lifecycle.js';
import type { Session } from './session.js';
import type { ProcessDescription, ServeOptions } from './types.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export async function serve(session: Session, path: unknown, port: unknown, options: unknown, commander: unknown): Promise<ProcessDescription[]> {
  const opts: ServeOptions = isObject(options) ? options : {};
  const servePath = resolve(session.cwd, typeof path === 'string' && path !== '' ? path : '.');
  const servePort = typeof port === 'number' || (typeof port === 'string' && port !== '') ? String(port) : '8080';
  const nameFrom = [opts.name, isObject(commander) ? commander.name : undefined].find((name) => typeof name === 'string');
  const env: Record<string, string> = {
    ...(isObject(opts.env) ? Object.fromEntries(Object.entries(opts.env).map(([key, value]) => [key, String(value)])) : {}),
    TEND_SERVE_PATH: servePath,
    TEND_SERVE_PORT: servePort,
  };
  if (opts.spa === true) env.TEND_SERVE_SPA = 'true';
  if (typeof opts.host === 'string') env.TEND_SERVE_HOST = opts.host;
  if (typeof opts.basicAuthUsername === 'string' && typeof opts.basicAuthPassword === 'string') {
    env.TEND_SERVE_BASIC_AUTH_USERNAME = opts.basicAuthUsername;
    env.TEND_SERVE_BASIC_AUTH_PASSWORD = opts.basicAuthPassword;
  }
  const name = typeof nameFrom === 'string' ? nameFrom : `static-page-server-${servePort}`;
  return start(session, { script: 'serve', name, cwd: servePath, env }, undefined);
}
