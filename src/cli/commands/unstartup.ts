// `tend unstartup [platform]`: disable and remove the boot script `tend startup` wrote.
import type { Command } from 'commander';
import { removeStartup } from '../../startup/index.js';
import { printStartupReport } from '../views/startup.js';
import { declareStartupOptions, planFromCli, requireRoot, type StartupCliOptions } from './startup.js';

export function register(program: Command): void {
  declareStartupOptions(program.command('unstartup'))
    .description('disable and remove the boot script written by `tend startup` (running apps keep running)')
    .action(async (platform: string | undefined, options: StartupCliOptions) => {
      const { plan, request } = planFromCli(platform, options);
      requireRoot('unstartup', plan, request, options.destdir);
      printStartupReport(plan, await removeStartup(plan, { destdir: options.destdir }), options.json ?? false);
    });
}
