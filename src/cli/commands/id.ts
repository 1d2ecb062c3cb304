import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { printLine } from '../views/output.js';

export function register(program: Command): void {
  program
    .command('id')
    .description('print the ids of the processes of an app')
    .argument('<name>', 'app name')
    .action(async (name: string) => {
      const records = await withDaemon((client) => client.request('list', {}));
      printLine(JSON.stringify(records.filter((r) => r.name === name).map((r) => r.pm_id)));
    });
}
