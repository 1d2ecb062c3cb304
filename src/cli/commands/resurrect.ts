// `tend resurrect`: start the apps of the last `tend save` (PM2's meaning). With --boot (what the
// boot scripts of `tend startup` run): the daemon's own start restores every app of its state, and the
// dump is resurrected only when that state holds no app — as PM2's boot does for a fresh home.
import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { callerEnv } from '../../client/caller.js';
import { printActionResult } from '../views/actions.js';
import { printProcessTable } from '../views/list.js';
import { printLine } from '../views/output.js';

export function register(program: Command): void {
  program
    .command('resurrect')
    .description('start the apps of the last `tend save` that are not running')
    .option('--boot', 'at boot: bring back what ran before (the state store); the saved dump only when there is nothing to bring back')
    .action(async (options: { boot?: boolean }) => {
      await withDaemon(async (client) => {
        const known = await client.request('list', {});
        if (options.boot === true && known.length > 0) {
          printLine(`Restored ${new Set(known.map((record) => record.name)).size} app(s) from the state store.`);
        } else {
          const result = await client.request('resurrect', { baseEnv: callerEnv() });
          printActionResult('resurrected', result);
        }
        printProcessTable(await client.request('list', {}));
      });
    });
}
