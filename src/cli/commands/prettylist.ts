import { inspect } from 'node:util';
import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { printLine } from '../views/output.js';

export function register(program: Command): void {
  program
    .command('prettylist')
    .description('print the process list as a Node object literal (as PM2)')
    .action(async () => {
      const records = await withDaemon((client) => client.request('list', {}));
      printLine(inspect(records, { depth: null, colors: false, maxArrayLength: null, maxStringLength: null }));
    });
}
