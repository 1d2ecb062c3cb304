// Runs first in every cluster worker, then hands over to the app's script as the main module (CommonJS
// or ESM alike). It adds one behaviour, graceful draining: on { type: 'tend:drain' } from the daemon,
// every server the app listens on stops accepting, HTTP responses carry `Connection: close`, in-flight
// requests finish, and a keep-alive socket is closed only once it has stayed idle; then the worker
// answers { type: 'tend:drained' } and the daemon sends the app its usual stop signal.
// Why not server.close(): since Node 19 it also closes idle keep-alive sockets at once, racing clients
// that are sending a request on them right now (the ECONNRESETs PM2's reload shows).
// No dependencies and nothing running until a drain: an app pays nothing for it.
import Module from 'node:module';
import { Server, type Socket } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An idle keep-alive socket is closed after staying idle this long during a drain. */
const IDLE_GRACE_MS = 500;

interface SocketState {
  busy: number;
  responses: Set<ServerResponse>;
  idleTimer: NodeJS.Timeout | undefined;
}

const servers = new Set<Server>();
const sockets = new Map<Socket, SocketState>();
let draining = false;

function stateOf(socket: Socket): SocketState {
  let state = sockets.get(socket);
  if (!state) {
    const created: SocketState = { busy: 0, responses: new Set(), idleTimer: undefined };
    sockets.set(socket, created);
    socket.once('close', () => {
      clearTimeout(created.idleTimer);
      sockets.delete(socket);
    });
    state = created;
  }
  return state;
}

function closeWhenIdle(socket: Socket, state: SocketState): void {
  if (!draining || state.busy > 0 || state.idleTimer !== undefined) return;
  state.idleTimer = setTimeout(() => socket.destroy(), IDLE_GRACE_MS);
}

function onRequest(request: IncomingMessage, response: ServerResponse): void {
  const socket = request.socket;
  const state = stateOf(socket);
  state.busy += 1;
  clearTimeout(state.idleTimer);
  state.idleTimer = undefined;
  state.responses.add(response);
  if (draining) response.setHeader('Connection', 'close');
  response.once('close', () => {
    state.busy -= 1;
    state.responses.delete(response);
    closeWhenIdle(socket, state);
  });
}

function track(server: Server): void {
  servers.add(server);
  server.once('close', () => servers.delete(server));
  // Only HTTP(S) servers have requests, hence idleness; other servers' connections end on their own.
  if (!('closeIdleConnections' in server)) return;
  // TLS servers hand out their sockets on 'secureConnection'; a plain one on 'connection'.
  const connectionEvent = 'setSecureContext' in server ? 'secureConnection' : 'connection';
  server.on(connectionEvent, (socket: Socket) => closeWhenIdle(socket, stateOf(socket)));
  server.prependListener('request', onRequest);
}

// eslint-disable-next-line @typescript-eslint/unbound-method -- applied to each server below
const listen = Server.prototype.listen;
Server.prototype.listen = function (this: Server, ...args: unknown[]): Server {
  if (!servers.has(this)) track(this);
  return Reflect.apply(listen, this, args) as Server;
} as typeof listen;

async function drain(): Promise<void> {
  draining = true;
  for (const [socket, state] of sockets) {
    for (const response of state.responses) if (!response.headersSent) response.setHeader('Connection', 'close');
    closeWhenIdle(socket, state);
  }
  const closing = [...servers].filter((server) => server.listening).map((server) => new Promise((resolve) => server.once('close', resolve)));
  // net's close: stop accepting and wait for the connections, without http's immediate idle-socket close.
  for (const server of servers) if (server.listening) Server.prototype.close.call(server);
  await Promise.all(closing);
}

process.on('message', (message: unknown) => {
  if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'tend:drain') {
    void drain().then(() => process.send?.({ type: 'tend:drained' }));
  }
});

const script = process.argv[2];
if (script === undefined) throw new Error('tend cluster worker: started without a script');
process.argv.splice(1, 2, script);
Module.runMain();
