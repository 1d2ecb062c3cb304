import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { printJson } from '../views/output.js';

/** Starts the daemon when none runs and prints its pid; run bare by the entry point too (bare.ts). */
export async function runPing(): Promise<void> {
  const pong = await withDaemon((client) => client.request('ping', {}));
  printJson({ msg: 'pong', pid: pong.pid });
}

export function register(program: Command): void {
  program.command('ping').description('make sure the daemon runs (starting it if needed)').action(runPing);
}
