import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { printLine } from '../views/output.js';

export function register(program: Command): void {
  program
    .command('flush')
    .description('empty the log files of apps (all when no target)')
    .argument('[targets...]', 'ids, names, namespaces, all or /regex/')
    .action(async (targets: string[]) => {
      const result = await withDaemon((client) => client.request('flush', { targets }));
      for (const file of result.files) printLine(`flushed ${file}`);
    });
}
