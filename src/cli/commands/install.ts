// `tend install <module>`: PM2 modules are npm packages loaded into PM2's daemon. tend loads no
// code into its daemon; what the common modules do is built in, and this says where.
import type { Command } from 'commander';
import { TendError } from '../../errors/index.js';
import { printLine } from '../views/output.js';

const builtIn: Record<string, string> = {
  'pm2-logrotate':
    'Log rotation is built into tend: set `log_max_size` (e.g. "10M"), `log_retain` (files kept, e.g. 30) and `log_compress` (gzip rotated files) per app in the ecosystem file.',
  'pm2-server-monit': 'Process metrics are built into tend: `tend monit`, `tend jlist` (monit.cpu, monit.memory) and `tend slist` for the machine.',
};

export function register(program: Command): void {
  program
    .command('install')
    .alias('module:install')
    .description('PM2 modules: says what tend has built in instead (pm2-logrotate: rotation fields)')
    .argument('<module>')
    .action((module: string) => {
      const note = builtIn[module.replace(/@.*$/, '')];
      if (note === undefined)
        throw new TendError('E_USAGE', `tend has no modules: ${module} cannot be installed`, {
          hint: 'Run what the module does as an app of its own (`tend start`), or use the programmatic API.',
        });
      printLine(`${module} is not needed. ${note}`);
    });
}
