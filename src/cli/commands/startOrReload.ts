import type { Command } from 'commander';
import { registerRestartCommand } from '../restart-command.js';

export function register(program: Command): void {
  registerRestartCommand(program, { name: 'startOrReload', mode: 'reload', fileOnly: true, description: 'start the apps of a file, reload those that run' });
}
