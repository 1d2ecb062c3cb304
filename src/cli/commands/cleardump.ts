import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { printLine } from '../views/output.js';

export function register(program: Command): void {
  program
    .command('cleardump')
    .description('empty the saved app list')
    .action(async () => {
      const result = await withDaemon((client) => client.request('cleardump', {}));
      printLine(`Emptied ${result.file}`);
    });
}
