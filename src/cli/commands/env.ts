// `tend env <id>`: the env a process runs with — values shown in full, on purpose, as PM2 does.
import type { Command } from 'commander';
import { TendError } from '../../errors/index.js';
import { withDaemon } from '../daemon-session.js';
import { printLine } from '../views/output.js';

export function register(program: Command): void {
  program
    .command('env')
    .description('print the environment of a process (values are NOT hidden)')
    .argument('<id>', 'process id')
    .action(async (id: string) => {
      const records = await withDaemon((client) => client.request('list', {}));
      const record = records.find((r) => String(r.pm_id) === id);
      if (!record) throw new TendError('E_APP_NOT_FOUND', `no process with id ${id}`);
      for (const [key, value] of Object.entries(record.pm2_env.env).sort(([a], [b]) => a.localeCompare(b))) printLine(`${key}: ${value}`);
    });
}
