import type { Command } from 'commander';
import { runJlist } from '../process-list.js';

export function register(program: Command): void {
  program.command('jlist').description('print the process list as JSON (PM2 shape)').action(runJlist);
}
