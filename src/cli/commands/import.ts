// `tend import pm2`: move from PM2 in one command. Reads the dump `pm2 save` wrote (PM2_HOME or
// ~/.pm2), shows the plan and starts the same apps under tend — or, with --ecosystem, writes them
// as an ecosystem file to keep in the repository instead.
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { TendError } from '../../errors/index.js';
import { appsFromDump, pm2Home, readDump, writeEcosystem } from '../../import/pm2-dump.js';
import { withDaemon } from '../daemon-session.js';
import { desiredFromRaw } from '../desired.js';
import { runApply } from '../apply-flow.js';
import { printProcessTable } from '../views/list.js';
import { printLine, printNotice } from '../views/output.js';
import { renderPlanHuman } from '../../format/plan.js';
import { useColor } from '../views/format.js';

interface ImportOptions {
  pm2Home?: string;
  ecosystem?: string;
  force?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('import')
    .description("take over what PM2 runs: its saved process list (`pm2 save`) becomes tend's apps")
    .argument('<from>', 'pm2')
    .option('--pm2-home <dir>', 'the PM2 home to read (default: PM2_HOME, else ~/.pm2)')
    .option('--ecosystem <file>', 'write an ecosystem file (.js, .json or .yaml) instead of starting the apps')
    .option('-f, --force', 'with --ecosystem: replace the file if it exists')
    .option('--dry-run', 'show the plan and change nothing')
    .option('--json', 'print the plan and result as JSON')
    .action(async (from: string, options: ImportOptions) => {
      if (from !== 'pm2') throw new TendError('E_USAGE', `tend imports from pm2, not '${from}'`, { hint: 'Run `tend import pm2`.' });
      const home = pm2Home(options.pm2Home, process.env);
      const apps = appsFromDump(readDump(home), home, process.env);
      if (options.ecosystem !== undefined) {
        writeEcosystem(options.ecosystem, apps, (value) => stringify(value), options.force === true);
        // Validating now shows any problem before the user relies on the file.
        desiredFromRaw(apps);
        printLine(`Wrote ${apps.length} app(s) from ${home} to ${options.ecosystem}; start them with \`tend apply ${options.ecosystem}\`.`);
        return;
      }
      const specs = desiredFromRaw(apps);
      await withDaemon(async (client) => {
        if (options.dryRun) {
          const plan = await client.request('plan', { specs, source: 'cli', baseEnv: {}, mode: 'start', prune: false });
          printLine(renderPlanHuman(plan, { color: useColor(), sourceLabel: home }));
          return;
        }
        await runApply(client, { source: 'cli', specs }, { mode: 'start', prune: false, command: 'import pm2', ...(options.json ? { json: true } : {}) });
        if (options.json) return;
        printProcessTable(await client.request('list', {}));
        printNotice('Stop the PM2 copies with `pm2 kill` (and `pm2 unstartup`; then `tend save && tend startup`).');
      });
    });
}
