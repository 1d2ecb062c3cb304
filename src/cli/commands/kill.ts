// `tend kill`: stop every app gracefully, then the daemon (apps are not restored; `save` first to keep them).
import type { Command } from 'commander';
import { DaemonClient } from '../../client/daemon-client.js';
import { TendError } from '../../errors/index.js';
import { printLine } from '../views/output.js';

export function register(program: Command): void {
  program
    .command('kill')
    .description('stop every app and the daemon')
    .action(async () => {
      let client: DaemonClient;
      try {
        client = await DaemonClient.connect({ autoStart: false });
      } catch (error) {
        if (error instanceof TendError && error.code === 'E_DAEMON_NOT_RUNNING') {
          printLine('No daemon running.');
          return;
        }
        throw error;
      }
      const result = await client.request('kill', {});
      await client.waitClosed();
      printLine(`Daemon stopped (${result.stopped} process(es) stopped).`);
    });
}
