// `tend kill`: stop every app gracefully, then the daemon. Apps are forgotten (`save` first to keep
// them) unless --keep-state, which the boot unit's stop uses: the next daemon start restores them.
import type { Command } from 'commander';
import { DaemonClient } from '../../client/daemon-client.js';
import { TendError } from '../../errors/index.js';
import { printLine } from '../views/output.js';

export function register(program: Command): void {
  program
    .command('kill')
    .description('stop every app and the daemon')
    .option('--keep-state', 'keep the app list: the next daemon start brings every app back (what `tend startup` units run at shutdown)')
    .action(async (options: { keepState?: boolean }) => {
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
      const keepState = options.keepState === true;
      const result = await client.request('kill', { keepState });
      await client.waitClosed();
      printLine(`Daemon stopped (${result.stopped} process(es) stopped${keepState ? '; they come back when the daemon starts' : ''}).`);
    });
}
