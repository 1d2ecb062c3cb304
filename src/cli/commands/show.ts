import type { Command } from 'commander';
import { TendError } from '../../errors/index.js';
import { withDaemon } from '../daemon-session.js';
import { printDescription } from '../views/describe.js';
import { matchRecords } from '../records.js';

export function register(program: Command): void {
  program
    .command('show')
    .aliases(['describe', 'desc', 'info'])
    .description('details of an app (secret env values hidden)')
    .argument('<target>', 'id or name')
    .action(async (target: string) => {
      const records = matchRecords(await withDaemon((client) => client.request('list', {})), target);
      if (records.length === 0) throw new TendError('E_APP_NOT_FOUND', `no app matches '${target}'`);
      for (const record of records) printDescription(record);
    });
}
