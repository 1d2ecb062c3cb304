// `tend scale <app> <n | +n | -n>`: a hand change of what runs; `tend plan FILE` shows it as drift.
import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { printLine } from '../views/output.js';
import { printProcessTable } from '../views/list.js';

export function register(program: Command): void {
  program
    .command('scale')
    .description('set the number of instances of an app (n, +n or -n)')
    .argument('<app>', 'app name')
    .argument('<number>', 'instances: n, +n or -n')
    .action(async (app: string, instances: string) => {
      await withDaemon(async (client) => {
        const result = await client.request('scale', { name: app, instances });
        printLine(`scaled ${app}: ${result.from} → ${result.to}`);
        printProcessTable(await client.request('list', { names: [app] }), { empty: null });
      });
    });
}
