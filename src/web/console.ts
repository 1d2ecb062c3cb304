// `tend web`: starts the console's HTTP server in this process (a client of the daemon, never part
// of it, so the daemon pays nothing for it) and says where it listens.
import type { AddressInfo } from 'node:net';
import { TendError } from '../errors/index.js';
import { resolveHome } from '../protocol/home.js';
import { loadWebToken, type WebToken } from './token.js';
import { createWebServer } from './server.js';

export interface WebConsoleOptions {
  port: number;
  host: string;
  rotateToken: boolean;
  home?: string;
}

export interface RunningConsole {
  url: string;
  token: WebToken;
  close: () => Promise<void>;
}

export async function startWebConsole(options: WebConsoleOptions): Promise<RunningConsole> {
  const home = options.home ?? resolveHome();
  const token = loadWebToken(home, options.rotateToken);
  const { server, link } = createWebServer({ home });
  // Reach (or start) the daemon first, so a console without a daemon fails at once, not in the page.
  await link.get(true);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new TendError('E_WEB_LISTEN', `cannot listen on ${options.host}:${options.port}: ${error.code ?? error.message}`, { cause: error })),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        link.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
