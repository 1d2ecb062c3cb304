import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { printHistory } from '../views/history.js';

export function register(program: Command): void {
  program
    .command('history')
    .description('the last applied revisions of an app')
    .argument('<app>', 'app name')
    .option('--json', 'print as JSON')
    .action(async (app: string, options: { json?: boolean }) => {
      printHistory(await withDaemon((client) => client.request('history', { name: app })), options.json ?? false);
    });
}
