// Placeholder until the spec module lands: the spec session replaces this file.
import type { Command } from 'commander';
import { TendError } from '../../errors/index.js';

export function register(program: Command): void {
  program
    .command('validate')
    .argument('[file]')
    .action(() => {
      throw new TendError('E_INTERNAL', 'validate is not built yet');
    });
}
