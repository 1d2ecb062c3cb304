import type { Command } from 'commander';
import { registerTargetCommand } from '../target-command.js';

export function register(program: Command): void {
  registerTargetCommand(program, {
    name: 'delete',
    aliases: ['del'],
    description: 'stop apps and remove them from the list',
    method: 'delete',
    verb: 'deleted',
  });
}
