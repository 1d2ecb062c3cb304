// `tend web [--port 9615] [--host 127.0.0.1] [--rotate-token]`: the web console, in the foreground.
import type { Command } from 'commander';
import { TendError } from '../../errors/index.js';
import { startWebConsole } from '../../web/console.js';
import { printLine, printNotice } from '../views/output.js';

interface WebOptions {
  port: string;
  host: string;
  rotateToken?: boolean;
}

export function register(program: Command): void {
  program
    .command('web')
    .description('serve the web console (apps, history, logs, actions) until interrupted')
    .option('--port <port>', 'port (0: any free port)', '9615')
    .option('--host <host>', 'address to listen on (loopback unless given)', '127.0.0.1')
    .option('--rotate-token', 'replace the access token (open pages must use the new one)')
    .action(async (options: WebOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TendError('E_WEB_LISTEN', `not a port: ${options.port}`);
      const web = await startWebConsole({ port, host: options.host, rotateToken: options.rotateToken === true });
      printLine(`tend web: listening on ${web.url}`);
      if (web.token.created) printLine(`open ${web.url}?token=${web.token.value}  (this token is printed once; it is kept in ${web.token.file})`);
      else printLine(`open ${web.url}?token=<token from ${web.token.file}>  (or --rotate-token for a new one)`);
      if (!isLoopback(options.host)) printNotice(`tend web: listening on ${options.host}, not only this machine: anyone with the token can act on your apps`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await web.close();
    });
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
