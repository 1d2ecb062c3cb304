// `tend update`: hand the apps over to a daemon of this version (state kept, processes restarted).
import type { Command } from 'commander';
import { DaemonClient } from '../../client/daemon-client.js';
import { withDaemon } from '../daemon-session.js';
import { printLine } from '../views/output.js';

export function register(program: Command): void {
  program
    .command('update')
    .description('restart the daemon with this version of tend, keeping every app')
    .action(async () => {
      try {
        const old = await DaemonClient.connect({ autoStart: false, anyVersion: true });
        await old.request('kill', { keepState: true });
        await old.waitClosed();
      } catch {
        // no daemon (or an incompatible one that refused hello): start fresh below
      }
      const restored = await withDaemon(async (client) => {
        const records = await client.request('list', {});
        return records.length;
      });
      printLine(`Daemon updated; ${restored} process(es) running.`);
    });
}
