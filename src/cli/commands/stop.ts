import type { Command } from 'commander';
import { registerTargetCommand } from '../target-command.js';

export function register(program: Command): void {
  registerTargetCommand(program, { name: 'stop', description: 'stop apps (they stay listed, status stopped)', method: 'stop', verb: 'stopped' });
}
