// The `deploy.<env>` section of an ecosystem file, validated and normalized before anything
// connects. PM2's keys keep their meaning; ours are keep_releases, shared and parallel. Pure.
import os from 'node:os';
import path from 'node:path';
import { closest } from 'fastest-levenshtein';
import { TendError } from '../errors/index.js';
import { expandLocalPath, parseSshOptions, type HostKeyPolicy } from '../adapters/ssh/options.js';

export const hookNames = ['pre-setup', 'post-setup', 'pre-deploy-local', 'pre-deploy', 'post-deploy'] as const;
export type HookName = (typeof hookNames)[number];

export interface DeployHost {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** How output names this host: `host` or `host:port` when the environment has several on one name. */
  readonly label: string;
  /** Whether the config set port and user (else ~/.ssh/config may, before the defaults apply). */
  readonly portGiven: boolean;
  readonly userGiven: boolean;
}

export interface DeployTarget {
  /** The environment's name (`production`). */
  readonly env: string;
  /** Absolute path of the ecosystem file. */
  readonly file: string;
  readonly hosts: readonly DeployHost[];
  readonly identityFiles: readonly string[];
  readonly knownHostsFiles?: readonly string[];
  readonly hostKeyPolicy?: HostKeyPolicy;
  readonly connectTimeoutMs?: number;
  readonly repo: string;
  readonly ref: string;
  /** Absolute on the server, or `~/…` (resolved against the remote HOME). */
  readonly path: string;
  /** Exported to every remote hook. */
  readonly vars: Readonly<Record<string, string>>;
  readonly hooks: Readonly<Partial<Record<HookName, string>>>;
  readonly keepReleases: number;
  /** Paths relative to a release, linked to the same path under shared/. */
  readonly shared: readonly string[];
  /** Hosts deployed at once. */
  readonly parallel: number;
  /** Where deploy and revert outcomes are sent (notify.ts). */
  readonly notify?: DeployNotify;
  readonly warnings: readonly string[];
}

export interface DeployNotify {
  readonly webhooks: readonly string[];
  readonly slack: readonly string[];
  /** The deployer's environment variable holding the signing secret (never the secret itself). */
  readonly secretEnv?: string;
}

/** PM2 keys tend accepts and does not act on. */
const ignoredPm2Keys = ['forward-agent', 'needs_tty', 'fetch', 'test'];
const knownKeys = [
  'user',
  'host',
  'port',
  'key',
  'ref',
  'repo',
  'path',
  'ssh_options',
  'env',
  ...hookNames,
  'keep_releases',
  'shared',
  'parallel',
  'notify',
  ...ignoredPm2Keys,
];
const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Problem {
  readonly key: string;
  readonly message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Environment names a deploy section declares. */
export function deployEnvNames(section: unknown): string[] {
  return isRecord(section) ? Object.keys(section) : [];
}

/** `user@host:port`, `host:port`, `[v6]:port`, `host`. */
function parseHostEntry(entry: string): { host: string; port?: number; user?: string } | string {
  let rest = entry.trim();
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at > 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
  }
  let host = rest;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
  } else if (rest.split(':').length === 2) {
    [host = '', portText] = rest.split(':');
  }
  if (host === '' || /\s/.test(host) || host.startsWith('-')) return `"${entry}" is not a host name`;
  if (portText === undefined) return { host, ...(user === undefined ? {} : { user }) };
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `"${entry}" has a port that is not 1-65535`;
  return { host, port, ...(user === undefined ? {} : { user }) };
}

function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) return value;
  return undefined;
}

function positiveInteger(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 1 ? number : undefined;
}

function validSharedPath(entry: string): string | undefined {
  const normalized = path.posix.normalize(entry).replace(/\/+$/, '');
  if (entry.trim() === '' || path.posix.isAbsolute(entry) || normalized === '.' || normalized.split('/').includes('..')) return undefined;
  return normalized;
}

export interface ValidateOptions {
  /** The local user, the default SSH user. */
  readonly localUser?: string;
}

/** Validates `section[env]`; throws E_DEPLOY_ENV_UNKNOWN or E_DEPLOY_CONFIG listing every problem. */
export function validateDeployEnv(section: unknown, env: string, file: string, options: ValidateOptions = {}): DeployTarget {
  const where = `deploy.${env}`;
  const envs = deployEnvNames(section);
  if (!isRecord(section) || !Object.hasOwn(section, env)) {
    const known = envs.length === 0 ? `${file} has no deploy section` : `known: ${envs.join(', ')}`;
    const suggestion = envs.length > 0 ? closest(env, envs) : undefined;
    throw new TendError('E_DEPLOY_ENV_UNKNOWN', `no deploy environment "${env}" (${known})`, {
      hint:
        suggestion === undefined ? 'Add a `deploy: { <env>: { host, repo, path, ref } }` section to the ecosystem file.' : `Did you mean \`${suggestion}\`?`,
      details: { known: envs },
    });
  }
  const raw = section[env];
  if (!isRecord(raw)) throw new TendError('E_DEPLOY_CONFIG', `${where} must be an object with host, repo, path and ref`);

  const problems: Problem[] = [];
  const warnings: string[] = [];
  const problem = (key: string, message: string): void => void problems.push({ key, message });
  const baseDir = path.dirname(file);

  for (const key of Object.keys(raw)) {
    if (knownKeys.includes(key)) {
      if (ignoredPm2Keys.includes(key)) warnings.push(`${where}.${key} is a PM2 option tend ignores`);
      continue;
    }
    const suggestion = closest(key, knownKeys);
    problem(key, `unknown key${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
  }

  const requiredString = (key: string): string => {
    const value = raw[key];
    if (value === undefined) problem(key, 'is required');
    else if (typeof value !== 'string' || value.trim() === '') problem(key, 'must be a non-empty string');
    else if (/[\0\n\r]/.test(value)) problem(key, 'must not contain NUL or line breaks');
    else return value;
    return '';
  };
  const repo = requiredString('repo');
  const ref = requiredString('ref');
  if (ref.startsWith('-')) problem('ref', 'must not start with "-"');
  const remotePath = requiredString('path');
  if (remotePath !== '' && !remotePath.startsWith('/') && !remotePath.startsWith('~/')) problem('path', 'must be absolute (/srv/app) or start with ~/');

  const sshOptions = raw.ssh_options === undefined ? [] : stringList(raw.ssh_options);
  if (sshOptions === undefined) problem('ssh_options', 'must be a string or a list of strings');
  const parsedOptions = parseSshOptions(sshOptions ?? [], baseDir);
  for (const message of parsedOptions.problems) problem('ssh_options', message);
  for (const ignored of parsedOptions.ignored) warnings.push(`${where}.ssh_options: "${ignored}" is not supported and is ignored`);
  const settings = parsedOptions.settings;

  let defaultPort = settings.port ?? 22;
  if (raw.port !== undefined) {
    const port = positiveInteger(raw.port);
    if (port === undefined || port > 65535) problem('port', 'must be a port number 1-65535');
    else defaultPort = port;
  }
  let defaultUser = settings.user ?? options.localUser ?? os.userInfo().username;
  if (raw.user !== undefined) {
    if (typeof raw.user !== 'string' || raw.user.trim() === '') problem('user', 'must be a non-empty string');
    else defaultUser = raw.user;
  }

  const hostEntries = raw.host === undefined ? undefined : stringList(raw.host);
  const hosts: DeployHost[] = [];
  if (raw.host === undefined) problem('host', 'is required');
  else if (hostEntries === undefined || hostEntries.length === 0) problem('host', 'must be a host name or a non-empty list of host names');
  else {
    for (const entry of hostEntries) {
      const parsed = parseHostEntry(entry);
      if (typeof parsed === 'string') problem('host', parsed);
      else {
        hosts.push({
          host: parsed.host,
          port: parsed.port ?? defaultPort,
          user: parsed.user ?? defaultUser,
          label: parsed.host,
          portGiven: parsed.port !== undefined || raw.port !== undefined || settings.port !== undefined,
          userGiven: parsed.user !== undefined || raw.user !== undefined || settings.user !== undefined,
        });
      }
    }
  }
  // Two hosts on one name (several ports) need the port to tell them apart.
  const labelled = hosts.map((host) => (hosts.filter((other) => other.host === host.host).length > 1 ? { ...host, label: `${host.host}:${host.port}` } : host));

  const identityFiles = [...(settings.identityFiles ?? [])];
  if (raw.key !== undefined) {
    if (typeof raw.key !== 'string' || raw.key.trim() === '') problem('key', 'must be the path of a private key file');
    else identityFiles.unshift(expandLocalPath(raw.key, baseDir));
  }

  const vars: Record<string, string> = {};
  if (raw.env !== undefined) {
    if (!isRecord(raw.env)) problem('env', 'must be an object of NAME: value');
    else {
      for (const [name, value] of Object.entries(raw.env)) {
        if (!envName.test(name)) problem(`env.${name}`, 'is not a valid environment variable name');
        else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') vars[name] = String(value);
        else problem(`env.${name}`, 'must be a string, number or boolean');
      }
    }
  }

  const hooks: Partial<Record<HookName, string>> = {};
  for (const name of hookNames) {
    const value = raw[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.trim() === '') problem(name, 'must be a non-empty shell command');
    else hooks[name] = value;
  }

  let keepReleases = 5;
  if (raw.keep_releases !== undefined) {
    const keep = positiveInteger(raw.keep_releases);
    if (keep === undefined) problem('keep_releases', 'must be a whole number of at least 1');
    else keepReleases = keep;
  }

  const shared: string[] = [];
  if (raw.shared !== undefined) {
    const entries = stringList(raw.shared);
    if (entries === undefined) problem('shared', 'must be a list of paths relative to the release');
    for (const entry of entries ?? []) {
      const normalized = validSharedPath(entry);
      if (normalized === undefined) problem('shared', `"${entry}" must be a relative path inside the release (no "..")`);
      else shared.push(normalized);
    }
  }

  let parallel = Math.max(1, hosts.length);
  if (raw.parallel !== undefined) {
    const value = positiveInteger(raw.parallel);
    if (value === undefined) problem('parallel', 'must be a whole number of at least 1');
    else parallel = value;
  }

  let notify: DeployNotify | undefined;
  if (raw.notify !== undefined) {
    const given = raw.notify;
    const urls = (key: 'webhooks' | 'slack'): string[] => {
      const list = isRecord(given) && given[key] !== undefined ? stringList(given[key]) : [];
      if (list === undefined || list.some((url) => !/^https?:\/\/\S+$/.test(url))) {
        problem(`notify.${key}`, 'must be a list of http(s) URLs');
        return [];
      }
      return list;
    };
    if (!isRecord(given)) problem('notify', 'must be an object: { webhooks: [urls], slack: [urls], secret_env: VAR }');
    else {
      const unknown = Object.keys(given).filter((key) => !['webhooks', 'slack', 'secret_env'].includes(key));
      if (unknown.length > 0) problem('notify', `has unknown keys: ${unknown.join(', ')}`);
      const secretEnv = given.secret_env;
      if (secretEnv !== undefined && (typeof secretEnv !== 'string' || !envName.test(secretEnv)))
        problem('notify.secret_env', 'must name an environment variable');
      notify = { webhooks: urls('webhooks'), slack: urls('slack'), ...(typeof secretEnv === 'string' ? { secretEnv } : {}) };
    }
  }

  if (problems.length > 0) {
    const list = problems.map((item) => `${where}.${item.key} ${item.message}`);
    throw new TendError('E_DEPLOY_CONFIG', `${file}: ${list.join('; ')}`, { details: { problems: list } });
  }

  return {
    env,
    file,
    hosts: labelled,
    identityFiles,
    ...(settings.knownHostsFiles === undefined ? {} : { knownHostsFiles: settings.knownHostsFiles }),
    ...(settings.hostKeyPolicy === undefined ? {} : { hostKeyPolicy: settings.hostKeyPolicy }),
    ...(settings.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: settings.connectTimeoutMs }),
    repo,
    ref,
    path: remotePath.replace(/\/+$/, '') || '/',
    vars,
    hooks,
    keepReleases,
    shared,
    parallel,
    ...(notify === undefined ? {} : { notify }),
    warnings,
  };
}
