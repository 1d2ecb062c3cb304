// The RPC server: accepts connections on the Unix socket, parses newline-delimited JSON requests,
// checks each request's params against its method's schema (E_PROTOCOL names the bad path),
// dispatches them to the handler table and answers with a result or a coded error. A malformed,
// oversized or unknown message gets a coded error (or the connection is closed); others keep going.
import { chmodSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { TendError, asTendError } from '../errors/index.js';
import { checkShape } from '../errors/check-shape.js';
import { readLines, writeMessage } from '../protocol/framing.js';
import { maxMessageBytes, type DaemonEvent, type MethodName, type Methods, type Progress } from '../protocol/messages.js';
import { paramsSchemas } from '../protocol/params.js';
import type { z } from 'zod';

export interface RequestContext {
  connection: Connection;
  progress: (progress: Progress) => void;
}

export type Handler<M extends MethodName> = (params: Methods[M]['params'], context: RequestContext) => Promise<Methods[M]['result']>;
export type HandlerTable = { [M in MethodName]: Handler<M> };

export interface Subscription {
  logs: boolean;
  lifecycle: boolean;
  messages: boolean;
}

/**
 * What may wait in a connection's send buffer: events past `eventBufferBytes` are dropped (and the
 * client is told how many once it catches up); anything past `sendBufferBytes` (a client that sends
 * requests and never reads the answers) closes the connection.
 */
const eventBufferBytes = 4 * 1024 * 1024;
const sendBufferBytes = 64 * 1024 * 1024;

export class Connection {
  subscription: Subscription | null = null;
  /** Events not sent since the client last kept up. */
  private dropped = 0;
  constructor(readonly socket: Socket) {}

  send(message: unknown): void {
    if (this.socket.writableLength > sendBufferBytes) {
      this.socket.destroy();
      return;
    }
    writeMessage(this.socket, message);
  }

  /** Sends an event unless this client has fallen behind: a reader that stops reading costs a bounded buffer. */
  sendEvent(event: DaemonEvent): void {
    if (this.socket.writableLength > eventBufferBytes) {
      this.dropped += 1;
      return;
    }
    if (this.dropped > 0) {
      const message = `${this.dropped} event(s) were dropped: this client read too slowly`;
      this.dropped = 0;
      writeMessage(this.socket, { event: { type: 'daemon', event: { message } } satisfies DaemonEvent });
    }
    writeMessage(this.socket, { event });
  }

  wants(event: DaemonEvent): boolean {
    const sub = this.subscription;
    if (!sub) return false;
    if (event.type === 'log') return sub.logs;
    if (event.type === 'message') return sub.messages;
    return sub.lifecycle;
  }
}

export class RpcServer {
  private readonly server: Server;
  readonly connections = new Set<Connection>();

  constructor(private readonly handlers: HandlerTable) {
    this.server = createServer((socket) => this.accept(socket));
  }

  listen(path: string): Promise<void> {
    try {
      unlinkSync(path);
    } catch {
      // no stale socket to remove
    }
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(path, () => {
        chmodSync(path, 0o600);
        resolve();
      });
    });
  }

  broadcast(event: DaemonEvent): void {
    for (const connection of this.connections) if (connection.wants(event)) connection.sendEvent(event);
  }

  hasSubscribers(kind: keyof Subscription): boolean {
    for (const connection of this.connections) if (connection.subscription?.[kind]) return true;
    return false;
  }

  /** Ends every connection (pending answers are flushed first) and stops listening. */
  close(): Promise<void> {
    for (const connection of this.connections) connection.socket.end();
    const forced = setTimeout(() => {
      for (const connection of this.connections) connection.socket.destroy();
    }, 1000);
    return new Promise((resolve) =>
      this.server.close(() => {
        clearTimeout(forced);
        resolve();
      }),
    );
  }

  private accept(socket: Socket): void {
    const connection = new Connection(socket);
    this.connections.add(connection);
    socket.on('close', () => this.connections.delete(connection));
    socket.on('error', () => socket.destroy());
    readLines(
      socket,
      maxMessageBytes,
      (line) => void this.dispatch(connection, line),
      () => {
        connection.send({ id: null, error: new TendError('E_PROTOCOL', `message larger than ${maxMessageBytes} bytes`).toJSON() });
        socket.end();
      },
    );
  }

  private async dispatch(connection: Connection, line: string): Promise<void> {
    let id: unknown = null;
    try {
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        throw new TendError('E_PROTOCOL', 'request is not valid JSON');
      }
      if (typeof message !== 'object' || message === null) throw new TendError('E_PROTOCOL', 'request must be a JSON object');
      const request = message as { id?: unknown; method?: unknown; params?: unknown };
      id = request.id ?? null;
      if (typeof request.id !== 'number' || typeof request.method !== 'string')
        throw new TendError('E_PROTOCOL', 'request needs a numeric id and a method name');
      if (!Object.hasOwn(this.handlers, request.method)) throw new TendError('E_UNKNOWN_METHOD', `unknown method '${request.method}'`);
      const method = request.method as MethodName;
      const params = checkShape<Methods[MethodName]['params']>(
        paramsSchemas[method] as z.ZodType<Methods[MethodName]['params']>,
        request.params ?? {},
        'E_PROTOCOL',
        `invalid params for ${method}`,
      );
      const handler = this.handlers[method] as Handler<MethodName>;
      const requestId = request.id;
      const result = await handler(params, { connection, progress: (progress) => connection.send({ id: requestId, progress }) });
      connection.send({ id: requestId, result });
    } catch (error) {
      connection.send({ id, error: asTendError(error).toJSON() });
    }
  }
}
