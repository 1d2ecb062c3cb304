// The CLI/API side of the daemon protocol: connect (starting the daemon on demand), say hello,
// send requests, receive results, progress and events.
import { connect as netConnect, type Socket } from 'node:net';
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
import { startDaemon } from './spawn-daemon.js';
import { version } from '../version.js';

export interface ConnectOptions {
  home?: string;
  /** Start the daemon when none answers (default true). */
  autoStart?: boolean;
  /** Accept a daemon of another protocol version (only `update` does, to stop it). */
  anyVersion?: boolean;
}

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

  private constructor(paths: HomePaths, socket: Socket) {
    this.paths = paths;
    this.socket = socket;
    readLines(socket, maxMessageBytes, (line) => this.receive(line), () => socket.destroy());
    socket.on('close', () => this.failAll(new TendError('E_DAEMON_GONE', 'the daemon closed the connection')));
    socket.on('error', () => undefined);
  }

  static async connect(options: ConnectOptions = {}): Promise<DaemonClient> {
    const paths = homePaths(options.home ?? resolveHome());
    let socket = await tryConnect(paths.socket);
    if (!socket) {
      if (options.autoStart === false) throw new TendError('E_DAEMON_NOT_RUNNING', `no daemon is running for ${paths.home}`);
      await startDaemon(paths);
      socket = await tryConnect(paths.socket);
      if (!socket) throw new TendError('E_DAEMON_UNREACHABLE', `the daemon started but its socket ${paths.socket} does not answer`);
    }
    const client = new DaemonClient(paths, socket);
    const hello = await client.request('hello', { protocol: protocolVersion, client: `tend ${version}` });
    if (hello.protocol !== protocolVersion && options.anyVersion !== true) {
      client.close();
      throw new TendError('E_DAEMON_VERSION', `the running daemon speaks protocol ${hello.protocol} (tend ${hello.version}); this CLI speaks ${protocolVersion} (tend ${version})`, {
        hint: 'Run `tend update` to hand the apps over to a daemon of this version.',
      });
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
    });
  }

  /** Streams daemon events to the listener; returns a function that stops listening. */
  async subscribe(params: ParamsOf<'subscribe'>, listener: (event: DaemonEvent) => void): Promise<() => void> {
    this.eventListeners.add(listener);
    await this.request('subscribe', params);
    return () => this.eventListeners.delete(listener);
  }

  /** Resolves when the daemon closes the connection (e.g. after `kill`). */
  waitClosed(): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.socket.once('close', () => resolve()));
  }

  close(): void {
    this.closed = true;
    this.socket.end();
    this.socket.destroy();
  }

  private receive(line: string): void {
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
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

/** The socket, or null when no daemon listens there; a socket we may not use is an error, not "no daemon". */
function tryConnect(path: string): Promise<Socket | null> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(path);
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      if (error.code === 'EACCES' || error.code === 'EPERM') {
        reject(new TendError('E_DAEMON_UNREACHABLE', `permission denied on ${path}`, { hint: 'The daemon belongs to another user: run tend as that user, or set TEND_HOME to a home of your own.' }));
      } else resolve(null);
    });
  });
}
