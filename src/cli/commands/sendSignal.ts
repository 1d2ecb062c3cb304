import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { printActionResult } from '../views/actions.js';
import { resolveScriptTargets } from '../../workspace/script-targets.js';

export function register(program: Command): void {
  program
    .command('sendSignal')
    .description('send a signal to the processes of an app')
    .argument('<signal>', 'e.g. SIGUSR2')
    .argument('<targets...>', 'ids, names, script paths, namespaces, all or /regex/')
    .action(async (signal: string, targets: string[]) => {
      const result = await withDaemon((client) => client.request('signal', { signal, targets: resolveScriptTargets(targets) }));
      printActionResult(`sent ${signal} to`, result);
    });
}
