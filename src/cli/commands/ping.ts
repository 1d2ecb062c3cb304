import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { printJson } from '../views/output.js';

export function register(program: Command): void {
  program
    .command('ping')
    .description('make sure the daemon runs (starting it if needed)')
    .action(async () => {
      const pong = await withDaemon((client) => client.request('ping', {}));
      printJson({ msg: 'pong', pid: pong.pid });
    });
}
