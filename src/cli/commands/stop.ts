import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { addTargetOptions, expandTargets, finishAction, type TargetOptions } from '../target-command.js';

export function register(program: Command): void {
  const command = program
    .command('stop')
    .description('stop apps (they stay listed, status stopped)')
    .argument('<targets...>', 'ids, names, namespaces, script paths, all, /regex/ or an ecosystem file')
    .option('--watch', 'accepted for PM2: stop always stops watching (restart --watch turns it back on)');
  addTargetOptions(command).action(async (targets: string[], options: TargetOptions) => {
    const names = await expandTargets(targets, options);
    await withDaemon(async (client) => {
      const result = await client.request('stop', { targets: names, ...(options.watch ? { watch: true } : {}) });
      await finishAction(client, 'stopped', result, options);
    });
  });
}
