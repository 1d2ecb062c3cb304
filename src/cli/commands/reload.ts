import type { Command } from 'commander';
import { registerRestartCommand } from '../restart-command.js';

export function register(program: Command): void {
  registerRestartCommand(program, {
    name: 'reload',
    aliases: ['gracefulReload'],
    mode: 'reload',
    description: 'zero-downtime reload (cluster), rolling restart (fork); with a file, also apply changes',
  });
}
