// `tend update`: hand the apps over to a daemon of this version (state kept, processes restarted;
// a home with no app gets its dump back, as PM2's update resurrects).
import type { Command } from 'commander';
import { callerEnv } from '../../client/caller.js';
import { DaemonClient } from '../../client/daemon-client.js';
import { TendError } from '../../errors/index.js';
import { withDaemon } from '../daemon-session.js';
import { printLine } from '../views/output.js';

export function register(program: Command): void {
  program
    .command('update')
    .aliases(['updatePM2'])
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
        // As PM2 (save, kill, resurrect — and a save of nothing keeps the old dump): a home left with
        // no app gets the apps of its dump back.
        if ((await client.request('list', {})).length === 0) {
          await client.request('resurrect', { baseEnv: callerEnv() }).catch((error: unknown) => {
            if (!(error instanceof TendError && error.code === 'E_DUMP_NOT_FOUND')) throw error;
          });
        }
        const records = await client.request('list', {});
        return records.length;
      });
      printLine(`Daemon updated; ${restored} process(es) running.`);
    });
}
