import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { matchRecords } from '../records.js';
import { printLine } from '../views/output.js';

export function register(program: Command): void {
  program
    .command('pid')
    .description('print the pids of an app (of every app without a name)')
    .argument('[app]', 'name or id')
    .action(async (app: string | undefined) => {
      const records = await withDaemon((client) => client.request('list', {}));
      for (const record of app === undefined ? records : matchRecords(records, app)) printLine(String(record.pid));
    });
}
