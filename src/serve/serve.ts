// The built-in static file server: an ordinary app that tend starts and supervises like any other
// (`tend serve`, or `script: "serve"` in an ecosystem file). It runs in its own process, never in the daemon.
// Settings: docs/serve.md (TEND_SERVE_* or PM2's PM2_SERVE_* variables, or `[path] [port] [host]` arguments).
import { createServer, type Server } from 'node:http';
import { realpath, stat } from 'node:fs/promises';
import { readServeConfig, type ServeConfig } from './static/config.js';
import { createStaticHandler } from './static/handler.js';
import { TendError, asTendError } from '../errors/index.js';

/** How long a stop waits for in-flight responses before closing the remaining connections. */
const drainMs = 2000;

async function main(): Promise<void> {
  // Signals are handled from the very start: a stop that arrives while starting up is still a clean exit.
  const running: { server?: Server; stopping: boolean } = { stopping: false };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      running.stopping = true;
      if (running.server) stop(running.server);
    });
  }
  const config = readServeConfig(process.env, process.argv.slice(2), process.cwd());
  const root = await resolveRoot(config.root);
  const server = createServer(createStaticHandler(config, root));
  running.server = server;
  await listen(server, config);
  if (running.stopping) {
    stop(server);
    return;
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const extras = [config.spa ? `spa fallback ${config.homepage}` : '', config.auth ? 'basic auth' : ''].filter(Boolean);
  process.stdout.write(`tend serve: serving ${root} on http://${config.host}:${port}${extras.length ? ` (${extras.join(', ')})` : ''}\n`);
}

async function resolveRoot(root: string): Promise<string> {
  try {
    const real = await realpath(root);
    if (!(await stat(real)).isDirectory()) throw new TendError('E_SERVE_CONFIG', `${root} is not a folder`);
    return real;
  } catch (error) {
    if (error instanceof TendError) throw error;
    throw new TendError('E_SERVE_CONFIG', `cannot serve ${root}: ${(error as Error).message}`);
  }
}

function listen(server: Server, config: ServeConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(new TendError('E_SERVE_LISTEN', `cannot listen on ${config.host}:${config.port}: ${error.code ?? error.message}`));
    });
    server.listen(config.port, config.host, resolve);
  });
}

/** Stop accepting, let responses in flight finish, then let the process end on its own. */
function stop(server: Server): void {
  server.close();
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), drainMs).unref();
}

main().catch((error: unknown) => {
  const tendError = asTendError(error);
  process.stderr.write(`error ${tendError.code}: ${tendError.message}\nhint: ${tendError.hint}\n`);
  process.exitCode = 1;
});
