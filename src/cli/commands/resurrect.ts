import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { callerEnv } from '../../client/caller.js';
import { printActionResult } from '../views/actions.js';
import { printProcessTable } from '../views/list.js';

export function register(program: Command): void {
  program
    .command('resurrect')
    .description('start the apps of the last `tend save` that are not running')
    .action(async () => {
      await withDaemon(async (client) => {
        const result = await client.request('resurrect', { baseEnv: callerEnv() });
        printActionResult('resurrected', result);
        printProcessTable(await client.request('list', {}));
      });
    });
}
