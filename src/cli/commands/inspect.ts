// `tend inspect <app>`: PM2's inspect. Node opens its inspector when it receives SIGUSR1, so the
// app's instances are sent it; their error log says where the inspector listens.
import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { printActionResult } from '../views/actions.js';
import { printNotice } from '../views/output.js';
import { resolveScriptTargets } from '../../workspace/script-targets.js';

export function register(program: Command): void {
  program
    .command('inspect')
    .description("open the Node inspector of an app's processes (SIGUSR1)")
    .argument('<targets...>', 'ids, names, script paths, namespaces, all or /regex/')
    .action(async (targets: string[]) => {
      const result = await withDaemon((client) => client.request('signal', { signal: 'SIGUSR1', targets: resolveScriptTargets(targets) }));
      printActionResult('sent SIGUSR1 (inspector) to', result);
      printNotice(
        'Node prints "Debugger listening on ws://127.0.0.1:9229/…" to the error log (`tend logs --err`); attach with chrome://inspect or `node inspect -p <pid>`.',
      );
    });
}
