import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { printRaw } from '../views/output.js';

export async function runBare(): Promise<void> {
  const records = await withDaemon((client) => client.request('list', {}));
  printRaw(`${JSON.stringify(records)}\n`);
}

export function register(program: Command): void {
  program.command('jlist').description('print the process list as JSON (PM2 shape)').action(runBare);
}
