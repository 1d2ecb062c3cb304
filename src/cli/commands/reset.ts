import type { Command } from 'commander';
import { registerTargetCommand } from '../target-command.js';

export function register(program: Command): void {
  registerTargetCommand(program, { name: 'reset', description: 'zero the restart counters of apps', method: 'reset', verb: 'reset' });
}
