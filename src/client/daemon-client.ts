// The CLI/API side of the daemon protocol: connect (starting the daemon on demand, never a second one
// for a home that has its owner), say hello, send requests, receive results, progress and events.
// Every request has a deadline: a daemon silent for the deadline is asked for a ping on the same
// connection, and one that does not answer that either is E_DAEMON_TIMEOUT. Long requests (applies,
// stops with a long kill_timeout) stay alive as long as the daemon answers pings; streams have none.
import { readFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { TendError, fromWire } from '../errors/index.js';
import { readLines, writeMessage } from '../protocol/framing.js';
import { homePaths, resolveHome, type HomePaths } from '../protocol/home.js';
import {
  maxMessageBytes,
  protocolVersion,
  type DaemonEvent,
  type MethodName,
  type ParamsOf,
  type Progress,
  type ResultOf,
  type ServerMessage,
} from '../protocol/messages.js';
import { homeOwner } from '../protocol/home-lock.js';
import { version } from '../version.js';

export interface ConnectOptions {
  home?: string;
  /** Start the daemon when none answers (default true). */
  autoStart?: boolean;
  /** Accept a daemon of another protocol version (only `update` does, to stop it). */
  anyVersion?: boolean;
}

/** How long a daemon may stay silent while a request waits (TEND_DAEMON_TIMEOUT, seconds; default 15). */
export function daemonTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.TEND_DAEMON_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 15_000;
}

/** How long a CLI waits for the owner of a home to listen when it has just taken the home. */
const ownerStartMs = 15_000;
/** How long it waits for an owner that has had the home for longer (it may be exiting). */
const ownerGraceMs = 3_000;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: TendError) => void;
  onProgress: ((progress: Progress) => void) | undefined;
}

export class DaemonClient {
  readonly paths: HomePaths;
  /** Apps the daemon brought back when it started for this call (after a crash). */
  restored: string[] = [];
  /** Warnings the daemon had for its first client (e.g. a recovered state file). */
  notices: string[] = [];
  private readonly socket: Socket;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Set<(event: DaemonEvent) => void>();
  private nextId = 1;
  private closed = false;
  private readonly timeoutMs = daemonTimeoutMs();
  private lastHeard = Date.now();
  private watchdog: NodeJS.Timeout | null = null;
  private probing = false;

  private constructor(paths: HomePaths, socket: Socket) {
    this.paths = paths;
    this.socket = socket;
    readLines(
      socket,
      maxMessageBytes,
      (line) => this.receive(line),
      () => socket.destroy(),
    );
    socket.on('close', () => this.failAll(new TendError('E_DAEMON_GONE', 'the daemon closed the connection')));
    socket.on('error', () => undefined);
  }

  static async connect(options: ConnectOptions = {}): Promise<DaemonClient> {
    const paths = homePaths(options.home ?? resolveHome());
    const socket = await reachDaemon(paths, options.autoStart !== false);
    const client = new DaemonClient(paths, socket);
    const hello = await client.request('hello', { protocol: protocolVersion, client: `tend ${version}` });
    if (hello.protocol !== protocolVersion && options.anyVersion !== true) {
      client.close();
      throw new TendError(
        'E_DAEMON_VERSION',
        `the running daemon speaks protocol ${hello.protocol} (tend ${hello.version}); this CLI speaks ${protocolVersion} (tend ${version})`,
        {
          hint: 'Run `tend update` to hand the apps over to a daemon of this version.',
        },
      );
    }
    client.restored = hello.restored;
    client.notices = hello.notices;
    return client;
  }

  request<M extends MethodName>(method: M, params: ParamsOf<M>, onProgress?: (progress: Progress) => void): Promise<ResultOf<M>> {
    if (this.closed) return Promise.reject(new TendError('E_DAEMON_GONE', 'the connection to the daemon is closed'));
    const id = this.nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress });
      writeMessage(this.socket, { id, method, params });
      this.watch();
    });
  }

  /** Starts the deadline watch while requests wait (one timer per connection). */
  private watch(): void {
    if (this.watchdog) return;
    this.lastHeard = Date.now();
    this.watchdog = setInterval(() => this.checkDeadline(), Math.max(50, Math.min(1000, this.timeoutMs / 4)));
  }

  private checkDeadline(): void {
    if (this.pending.size === 0) {
      if (this.watchdog) clearInterval(this.watchdog);
      this.watchdog = null;
      return;
    }
    const silent = Date.now() - this.lastHeard;
    if (silent >= this.timeoutMs) {
      const owner = homeOwner(this.paths.lockFile);
      const pid = owner?.pid;
      this.failAll(timeoutError(this.timeoutMs, pid));
      this.socket.destroy();
      return;
    }
    // Half the deadline without a word: ask for a ping, whose answer shows the daemon is alive.
    if (silent >= this.timeoutMs / 2 && !this.probing) {
      this.probing = true;
      void this.request('ping', {})
        .catch(() => undefined)
        .finally(() => (this.probing = false));
    }
  }

  /** Streams daemon events to the listener; returns a function that stops listening. */
  async subscribe(params: ParamsOf<'subscribe'>, listener: (event: DaemonEvent) => void): Promise<() => void> {
    this.eventListeners.add(listener);
    await this.request('subscribe', params);
    return () => this.eventListeners.delete(listener);
  }

  /** Stops reading events (the caller's output is full): the daemon then drops events for this client and says how many. */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  /** Resolves when the daemon closes the connection (e.g. after `kill`). */
  waitClosed(): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.socket.once('close', () => resolve()));
  }

  close(): void {
    this.closed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    this.socket.end();
    this.socket.destroy();
  }

  private receive(line: string): void {
    this.lastHeard = Date.now();
    let message: ServerMessage;
    try {
      message = JSON.parse(line) as ServerMessage;
    } catch {
      return;
    }
    if ('event' in message) {
      for (const listener of this.eventListeners) listener(message.event);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if ('progress' in message) {
      pending.onProgress?.(message.progress);
      return;
    }
    this.pending.delete(message.id);
    if ('error' in message) pending.reject(fromWire(message.error));
    else pending.resolve(message.result);
  }

  private failAll(error: TendError): void {
    this.closed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

function readPidFile(file: string): number | null {
  try {
    return Number(readFileSync(file, 'utf8').trim()) || null;
  } catch {
    return null;
  }
}

function timeoutError(timeoutMs: number, pid: number | undefined): TendError {
  const who = pid === undefined ? 'the daemon' : `the daemon (pid ${pid})`;
  const name = pid === undefined ? '<pid>' : String(pid);
  return new TendError('E_DAEMON_TIMEOUT', `${who} did not answer within ${timeoutMs / 1000} s`, {
    hint: `It may be stopped (\`kill -CONT ${name}\` resumes it) or stuck (\`kill ${name}\` stops it keeping the apps; the next command starts a fresh daemon that brings them back). TEND_DAEMON_TIMEOUT sets the deadline in seconds.`,
  });
}

/**
 * A connected socket to the home's one daemon: the running one, or one this call starts. A home whose
 * owner is alive but does not listen gets E_DAEMON_UNREACHABLE naming it — never a second daemon.
 */
async function reachDaemon(paths: HomePaths, autoStart: boolean): Promise<Socket> {
  const firstLook = Date.now();
  for (;;) {
    const socket = await tryConnect(paths, daemonTimeoutMs());
    if (socket) return socket;
    const owner = homeOwner(paths.lockFile);
    if (owner === null) {
      if (!autoStart) throw new TendError('E_DAEMON_NOT_RUNNING', `no daemon is running for ${paths.home}`);
      // Loaded only here: a command against a running daemon starts faster without child_process.
      const { startDaemon } = await import('./spawn-daemon.js');
      const outcome = await startDaemon(paths);
      if (outcome.ready) {
        const own = await tryConnect(paths, daemonTimeoutMs());
        if (own) return own;
        throw new TendError('E_DAEMON_UNREACHABLE', `the daemon started but its socket ${paths.socket} does not answer`);
      }
      continue;
    }
    // The owner may still be starting (it takes the home before it listens; tend.pid says it is
    // ready) or be exiting.
    const starting = readPidFile(paths.pidFile) !== owner.pid;
    const waitUntil = Math.max(starting ? owner.since + ownerStartMs : 0, firstLook + ownerGraceMs);
    if (Date.now() > waitUntil) {
      throw new TendError('E_DAEMON_UNREACHABLE', `the daemon (pid ${owner.pid}) owns ${paths.home} but does not answer on ${paths.socket}`, {
        hint: `Its socket may have been removed. \`kill ${owner.pid}\` stops it keeping the apps; the next command starts a fresh daemon that brings them back.`,
      });
    }
    await delay(50);
  }
}

/** The socket, or null when no daemon listens there; a socket we may not use is an error, not "no daemon". */
function tryConnect(paths: HomePaths, timeoutMs: number): Promise<Socket | null> {
  const path = paths.socket;
  return new Promise((resolve, reject) => {
    const socket = netConnect(path);
    // A full accept queue (a stopped daemon) leaves the connect pending: that is a timeout.
    const timer = setTimeout(() => {
      socket.destroy();
      reject(timeoutError(timeoutMs, homeOwner(paths.lockFile)?.pid));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      if (error.code === 'EACCES' || error.code === 'EPERM') {
        reject(
          new TendError('E_DAEMON_UNREACHABLE', `permission denied on ${path}`, {
            hint: 'The daemon belongs to another user: run tend as that user, or set TEND_HOME to a home of your own.',
          }),
        );
      } else resolve(null);
    });
  });
}
