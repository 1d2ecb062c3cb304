// A Chrome DevTools Protocol session with a Node process's inspector, over its WebSocket (the `ws`
// package: Node 20 has no WebSocket client of its own). Commands are answered by id; events go to
// the listeners of their method name.
import WebSocket from 'ws';
import { TendError } from '../errors/index.js';

interface Reply {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { message?: string };
}

function textOf(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

/** The largest single message taken from the inspector (a CPU profile comes whole). */
const maxMessageBytes = 512 * 1024 * 1024;
/** How long a command may go unanswered (a heap snapshot of a large heap takes a while). */
const replyTimeoutMs = 120_000;

export class InspectorSession {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly listeners = new Map<string, (params: unknown) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData) => this.receive(data));
    socket.on('close', () => this.failAll(new TendError('E_PROFILE_FAILED', 'the inspector closed the connection')));
    socket.on('error', (error) => this.failAll(new TendError('E_PROFILE_FAILED', `inspector connection: ${error.message}`)));
  }

  static connect(url: string, timeoutMs: number): Promise<InspectorSession> {
    return new Promise((resolve, reject) => {
      // Heap snapshots come as many chunks, a profile as one message: large, but not without end.
      const socket = new WebSocket(url, { handshakeTimeout: timeoutMs, maxPayload: maxMessageBytes, perMessageDeflate: false });
      socket.once('open', () => resolve(new InspectorSession(socket)));
      socket.once('error', (error) => reject(new TendError('E_PROFILE_FAILED', `cannot connect to the inspector at ${url}: ${error.message}`)));
    });
  }

  /** Sends a command and waits for its answer, at most `replyTimeoutMs`. */
  post<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const fail = (error: Error): void => {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new TendError('E_PROFILE_FAILED', `the inspector did not answer ${method} within ${replyTimeoutMs / 1000} s`)),
        replyTimeoutMs,
      );
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: fail,
      });
      this.socket.send(JSON.stringify({ id, method, params }), (error) => {
        if (error) fail(new TendError('E_PROFILE_FAILED', `${method}: ${error.message}`));
      });
    });
  }

  /** One listener per event method (the last one set wins). */
  on(method: string, listener: (params: unknown) => void): void {
    this.listeners.set(method, listener);
  }

  /** Resolves once the other side closed the connection; closes it from here after `timeoutMs`. */
  closedByPeer(timeoutMs: number): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private receive(data: WebSocket.RawData): void {
    let message: Reply;
    try {
      message = JSON.parse(textOf(data)) as Reply;
    } catch {
      return;
    }
    if (message.id !== undefined) {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.error) waiting.reject(new TendError('E_PROFILE_FAILED', message.error.message ?? 'the inspector refused a command'));
      else waiting.resolve(message.result);
      return;
    }
    if (message.method !== undefined) this.listeners.get(message.method)?.(message.params);
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
