import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { printLine } from '../views/output.js';

export function register(program: Command): void {
  program
    .command('save')
    .alias('dump')
    .description('save the app list for `tend resurrect` (the previous dump is kept as .bak)')
    .option('--force', 'save even an empty list')
    .action(async (options: { force?: boolean }) => {
      const result = await withDaemon((client) => client.request('save', { force: options.force ?? false }));
      printLine(`Saved ${result.count} app(s) to ${result.file}`);
    });
}
