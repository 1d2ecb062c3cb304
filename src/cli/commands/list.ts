// `tend ls` (list, l, ps, status): the process table. `tend status FILE`: per app of the file, in
// sync / out of sync (which fields and causes) / missing / extra; exits 2 when anything is out of sync.
import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { tableRowLimit } from '../views/list.js';
import { printSyncStatus } from '../views/status.js';
import { setExitCode } from '../outcome.js';
import { sortFields } from '../views/list-sort.js';
import { listAliases } from '../bare.js';
import { runList, type ListOptions } from '../process-list.js';

export function register(program: Command): void {
  program
    .command('list')
    .aliases([...listAliases])
    .description('list apps; `status FILE` compares the apps of a file with what runs')
    .argument('[file]', 'ecosystem file (status only)')
    .option('--env <name>', 'with a file: use its env_<name> overlay')
    .option('-a, --all', `every row (above ${tableRowLimit} rows a summary line is printed instead)`)
    .option('--sort <field[:asc|desc]>', `order of the rows: ${sortFields.join(', ')} (default: id)`)
    .action(async (file: string | undefined, options: ListOptions & { env?: string }) => {
      if (file === undefined) return runList(options);
      // Loaded only here: the spec loader is the heaviest module, and plain `ls` must start fast.
      const { desiredFromFile } = await import('../desired.js');
      const desired = await desiredFromFile(file, options);
      const plan = await withDaemon((client) => client.request('plan', { ...desired, baseEnv: {}, mode: 'apply', prune: true }));
      printSyncStatus(
        desired.specs.map((spec) => spec.name),
        plan,
      );
      // Like `plan --detailed-exitcode`: 0 in sync, 2 out of sync (errors exit 1).
      if (plan.steps.length > 0) setExitCode(2);
    });
}
