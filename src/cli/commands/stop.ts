import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { addTargetOptions, expandTargets, finishAction, type TargetOptions } from '../target-command.js';

export function register(program: Command): void {
  const command = program
    .command('stop')
    .description('stop apps (they stay listed, status stopped)')
    .argument('<targets...>', 'ids, names, namespaces, script paths, all, /regex/ or an ecosystem file')
    .option('--watch', 'stop watching too: a later restart does not watch again (restart --watch does)');
  addTargetOptions(command).action(async (targets: string[], options: TargetOptions) => {
    const names = await expandTargets(targets, options);
    await withDaemon(async (client) => {
      const result = await client.request('stop', { targets: names, ...(options.watch ? { watch: true } : {}) });
      await finishAction(client, 'stopped', result, options);
    });
  });
}
