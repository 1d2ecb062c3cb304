import type { Command } from 'commander';
import { TendError } from '../../errors/index.js';
import { withDaemon } from '../daemon-session.js';
import { printDescription } from '../views/describe.js';
import { matchRecords } from '../records.js';
import { readVersioning, type Versioning } from '../../adapters/git/versioning.js';

export function register(program: Command): void {
  program
    .command('show')
    .aliases(['describe', 'desc', 'info'])
    .description('details of an app (secret env values hidden)')
    .argument('<target>', 'id or name')
    .action(async (target: string) => {
      const records = matchRecords(await withDaemon((client) => client.request('list', {})), target);
      if (records.length === 0) throw new TendError('E_APP_NOT_FOUND', `no app matches '${target}'`);
      // PM2's versioning metadata, read from the checkout now (one read per directory).
      const versioning = new Map<string, Promise<Versioning | null>>();
      for (const record of records) {
        const cwd = String(record.pm2_env.pm_cwd);
        if (record.pm2_env.revision !== null && !versioning.has(cwd)) versioning.set(cwd, readVersioning(cwd));
        printDescription(record, (await versioning.get(cwd)) ?? null);
      }
    });
}
