import type { Command } from 'commander';
import { registerRestartCommand } from '../restart-command.js';

export function register(program: Command): void {
  registerRestartCommand(program, { name: 'startOrRestart', mode: 'restart', fileOnly: true, description: 'start the apps of a file, restart those that run' });
}
