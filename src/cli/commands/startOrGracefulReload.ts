import type { Command } from 'commander';
import { registerRestartCommand } from '../restart-command.js';

export function register(program: Command): void {
  registerRestartCommand(program, { name: 'startOrGracefulReload', mode: 'reload', fileOnly: true, description: 'same as startOrReload' });
}
