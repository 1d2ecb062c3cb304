// The static server's settings, read from its environment (tend's TEND_SERVE_* names first, then PM2's
// PM2_SERVE_* names, so PM2 ecosystem files keep working) and from positional arguments `[path] [port] [host]`.
import { resolve } from 'node:path';
import { TendError } from '../../errors/index.js';

export interface BasicAuthCredentials {
  readonly username: string;
  readonly password: string;
}

export interface ServeConfig {
  /** Absolute folder served (symlinks not yet resolved). */
  readonly root: string;
  readonly port: number;
  readonly host: string;
  /** Unknown extension-less paths answer with the homepage (single-page apps). */
  readonly spa: boolean;
  /** URL path of the SPA fallback page. */
  readonly homepage: string;
  readonly auth: BasicAuthCredentials | null;
}

export const defaultServePort = 8080;
/** Like PM2, listen on every interface unless told otherwise. */
export const defaultServeHost = '0.0.0.0';

type Env = Readonly<Record<string, string | undefined>>;

/** The value of TEND_SERVE_<key>, else PM2_SERVE_<key>; empty strings count as unset. */
function setting(env: Env, key: string): string | undefined {
  return nonEmpty(env[`TEND_SERVE_${key}`]) ?? nonEmpty(env[`PM2_SERVE_${key}`]);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(port) || port > 65535) {
    throw new TendError('E_SERVE_CONFIG', `port must be an integer from 0 to 65535, got '${text}'`);
  }
  return port;
}

function parseFlag(text: string | undefined): boolean {
  return text !== undefined && ['true', '1', 'yes', 'on'].includes(text.trim().toLowerCase());
}

function parseHomepage(text: string): string {
  return text.startsWith('/') ? text : `/${text}`;
}

function readAuth(env: Env): BasicAuthCredentials | null {
  const username = setting(env, 'BASIC_AUTH_USERNAME');
  const password = setting(env, 'BASIC_AUTH_PASSWORD');
  if (username === undefined && password === undefined) {
    if (parseFlag(setting(env, 'BASIC_AUTH'))) {
      throw new TendError('E_SERVE_CONFIG', 'basic auth is enabled but no username and password are set');
    }
    return null;
  }
  if (username === undefined || password === undefined) {
    throw new TendError('E_SERVE_CONFIG', 'basic auth needs both a username and a password');
  }
  // Unlike PM2, credentials alone turn protection on: setting them and still serving openly is never wanted.
  return { username, password };
}

export function readServeConfig(env: Env, args: readonly string[], cwd: string): ServeConfig {
  const path = setting(env, 'PATH') ?? nonEmpty(args[0]) ?? '.';
  const port = setting(env, 'PORT') ?? nonEmpty(args[1]);
  return {
    root: resolve(cwd, path),
    port: port === undefined ? defaultServePort : parsePort(port),
    host: setting(env, 'HOST') ?? nonEmpty(args[2]) ?? defaultServeHost,
    spa: parseFlag(setting(env, 'SPA')),
    homepage: parseHomepage(setting(env, 'HOMEPAGE') ?? '/index.html'),
    auth: readAuth(env),
  };
}
