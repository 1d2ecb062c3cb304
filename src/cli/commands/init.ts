// `tend init [--yaml]`: write a commented ecosystem file for the app in the current folder (PM2's `init`,
// which overwrites silently; this one refuses without --force).
import type { Command } from 'commander';
import { join } from 'node:path';
import { TendError } from '../../errors/index.js';
import { printInitDone, renderEcosystem } from '../views/init.js';
import { guessApp, writeNewFile } from '../../workspace/project.js';

export function register(program: Command): void {
  program
    .command('init')
    .alias('ecosystem')
    .description('write a commented ecosystem file for the app in this folder')
    .option('--yaml', 'write ecosystem.config.yaml instead of ecosystem.config.js')
    .option('-f, --force', 'overwrite an existing file')
    .option('--json', 'print the result as JSON')
    .action((options: { yaml?: boolean; force?: boolean; json?: boolean }) => {
      const cwd = process.cwd();
      const format = options.yaml ? 'yaml' : 'js';
      const path = join(cwd, format === 'yaml' ? 'ecosystem.config.yaml' : 'ecosystem.config.js');
      const app = guessApp(cwd);
      try {
        // 'wx' refuses an existing file atomically: no window between a check and the write.
        writeNewFile(path, renderEcosystem(app, format), options.force === true);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new TendError('E_INIT_EXISTS', `${path} already exists`);
        throw error;
      }
      printInitDone(path, app, options.json ?? false);
    });
}
