import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { printLine } from '../views/output.js';

export function register(program: Command): void {
  program
    .command('reloadLogs')
    .description('reopen every log file (after an external logrotate)')
    .action(async () => {
      await withDaemon((client) => client.request('reloadLogs', {}));
      printLine('Log files reopened.');
    });
}
