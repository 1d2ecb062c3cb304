// What the user's OpenSSH client config (`~/.ssh/config`) says about a host: the real host name, port,
// user, identity files and jump host behind an alias — what PM2's deploy gets for free by running
// ssh. Parsed with ssh-config; `Match exec` is never run.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SSHConfig from 'ssh-config';
import type { SshTarget } from './connection.js';

export interface SshConfigEntry {
  readonly hostName?: string;
  readonly port?: number;
  readonly user?: string;
  /** Absolute paths, in the order given. */
  readonly identityFiles: readonly string[];
  /** `[user@]host[:port]`, the first hop of ProxyJump (`none` is no jump). */
  readonly proxyJump?: string;
}

export function defaultSshConfigFile(): string {
  return path.join(os.homedir(), '.ssh', 'config');
}

/** `~/…` and `%d` (home) as ssh expands them in IdentityFile; `%h`, `%r` are left as written. */
function expandIdentity(file: string): string {
  const home = os.homedir();
  const expanded = file.replace(/%d/g, home);
  if (expanded === '~') return home;
  if (expanded.startsWith('~/')) return path.join(home, expanded.slice(2));
  return path.isAbsolute(expanded) ? expanded : path.join(home, '.ssh', expanded);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The entry for `alias`; empty when there is no config file or nothing matches. */
export function lookupSshConfig(alias: string, file = defaultSshConfigFile()): SshConfigEntry {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { identityFiles: [] };
  }
  const computed = SSHConfig.parse(text).compute(alias, { ignoreCase: true, matchExec: false });
  const hostName = first(computed.hostname);
  const port = Number(first(computed.port));
  const user = first(computed.user);
  const identities = computed.identityfile;
  const jump = first(computed.proxyjump)?.split(',')[0]?.trim();
  return {
    ...(hostName === undefined ? {} : { hostName: hostName.replace(/%h/g, alias) }),
    ...(Number.isInteger(port) && port > 0 && port < 65536 ? { port } : {}),
    ...(user === undefined ? {} : { user }),
    identityFiles: (identities === undefined ? [] : Array.isArray(identities) ? identities : [identities]).map(expandIdentity),
    ...(jump === undefined || jump === '' || jump.toLowerCase() === 'none' ? {} : { proxyJump: jump }),
  };
}

/** What the deploy config says of a host; `port` and `user` only when it says so explicitly. */
export type GivenTarget = Omit<SshTarget, 'port' | 'user' | 'jump'> & {
  readonly port?: number;
  readonly user?: string;
};

/**
 * The SSH target for a host as OpenSSH would resolve it: what the deploy config says explicitly
 * wins (like ssh's command line), then ~/.ssh/config, then the defaults (port 22, the local user).
 * A ProxyJump host is resolved the same way (at most a few hops deep).
 */
export function resolveSshTarget(given: GivenTarget, configFile = defaultSshConfigFile(), depth = 0): SshTarget {
  const entry = lookupSshConfig(given.host, configFile);
  const resolved: SshTarget = {
    ...given,
    host: entry.hostName ?? given.host,
    port: given.port ?? entry.port ?? 22,
    user: given.user ?? entry.user ?? os.userInfo().username,
    identityFiles: given.identityFiles.length > 0 ? given.identityFiles : entry.identityFiles,
  };
  if (entry.proxyJump === undefined || depth >= 4) return resolved;
  const hop = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry.proxyJump);
  if (!hop) return resolved;
  const jumpHost = (hop[2] ?? '').replace(/^\[|\]$/g, '');
  const jump = resolveSshTarget(
    {
      ...given,
      host: jumpHost,
      identityFiles: given.identityFiles,
      ...(hop[3] === undefined ? {} : { port: Number(hop[3]) }),
      ...(hop[1] === undefined ? {} : { user: hop[1] }),
    },
    configFile,
    depth + 1,
  );
  return { ...resolved, jump };
}
