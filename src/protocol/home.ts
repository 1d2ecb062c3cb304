// Where a daemon keeps its files. Pure path arithmetic, shared by the daemon and its clients.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** A Unix socket path is limited to about 107 bytes (sun_path); stay clear of it. */
const socketPathLimit = 100;

export interface HomePaths {
  home: string;
  socket: string;
  pidFile: string;
  /** Held by the one daemon that owns the home (see home-lock.ts). */
  lockFile: string;
  stateFile: string;
  dumpFile: string;
  logsDir: string;
  daemonLog: string;
  settingsFile: string;
}

export function resolveHome(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.TEND_HOME;
  return given ? resolve(given) : join(homedir(), '.tend');
}

export function homePaths(home: string): HomePaths {
  return {
    home,
    socket: socketPathFor(home),
    pidFile: join(home, 'tend.pid'),
    lockFile: join(home, 'daemon.lock'),
    stateFile: join(home, 'state.json'),
    dumpFile: join(home, 'dump.tend'),
    logsDir: join(home, 'logs'),
    daemonLog: join(home, 'tend.log'),
    settingsFile: join(home, 'settings.json'),
  };
}

/** Where a long home's socket goes: fixed, so that the socket depends on TEND_HOME alone (not on TMPDIR). */
const longHomeSocketDir = '/tmp';

/**
 * TEND_HOME/rpc.sock, or — when that path is too long for a Unix socket — a short path in /tmp
 * derived from the home's hash (documented in docs/reliability.md).
 */
export function socketPathFor(home: string): string {
  const preferred = join(home, 'rpc.sock');
  if (Buffer.byteLength(preferred) <= socketPathLimit) return preferred;
  // node:crypto only for a long home: loading it costs every command a little start-up time.
  const { createHash } = process.getBuiltinModule('node:crypto');
  const digest = createHash('sha256').update(home).digest('hex').slice(0, 16);
  return join(longHomeSocketDir, `tend-${digest}.sock`);
}
