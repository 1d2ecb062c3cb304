import type { Command } from 'commander';
import { registerRestartCommand } from '../restart-command.js';

export function register(program: Command): void {
  registerRestartCommand(program, {
    name: 'restart',
    mode: 'restart',
    description: 'restart apps (stop then start); with a file, also start missing apps and apply changes',
  });
}
