// `tend start <script | file | app…> [-- args]`, PM2's smart start: an ecosystem file starts what is
// missing and restarts what runs (and applies every changed field); a known app is restarted; a
// script becomes a new app (refused when it already runs, unless -f).
import type { Command } from 'commander';
import { catalogCliOptions } from '../../ecosystem/catalog.js';
import type { ProcessRecord } from '../../protocol/messages.js';
import { withDaemon } from '../daemon-session.js';
import { callerEnv } from '../../client/caller.js';
import { desiredFromFile, desiredFromScript } from '../desired.js';
import { isEcosystemFile } from '../../ecosystem/find.js';
import { splitList } from '../options.js';
import { runApply } from '../apply-flow.js';
import { finishAction } from '../target-command.js';
import { TendError } from '../../errors/index.js';
import { printProcessTable } from '../views/list.js';

interface StartOptions extends Record<string, unknown> {
  env?: string;
  only?: string;
  force?: boolean;
  silent?: boolean;
  json?: boolean;
  updateEnv?: boolean;
}

/** Arguments after a literal `--` go to the script verbatim. */
function scriptArgsFromArgv(argv: readonly string[]): string[] {
  const index = argv.indexOf('--');
  return index === -1 ? [] : argv.slice(index + 1);
}

function matchesKnownApp(token: string, records: readonly ProcessRecord[]): boolean {
  if (token === 'all') return records.length > 0;
  if (/^\/.+\/[a-z]*$/.test(token)) return true;
  return records.some((r) => r.name === token || r.pm2_env.namespace === token || String(r.pm_id) === token);
}

export function register(program: Command): void {
  const command = program
    .command('start')
    .description('start a script, an ecosystem file, or known apps (PM2 semantics)')
    .argument('[targets...]', 'script, ecosystem file, app names or ids')
    .option('--env <name>', 'with an ecosystem file: use its env_<name> overlay')
    .option('--only <apps>', 'with an ecosystem file: only these apps (comma separated)')
    .option('-f, --force', 'start another copy of a script that already runs')
    .option('-s, --silent', 'print nothing but errors')
    .option('--json', 'print the plan and result as JSON');
  for (const option of catalogCliOptions()) {
    if (!command.options.some((existing) => existing.flags === option.flags)) command.option(option.flags, option.description);
  }
  command.action(async (operands: string[], options: StartOptions) => {
    const scriptArgs = scriptArgsFromArgv(process.argv);
    const targets = operands.slice(0, operands.length - scriptArgs.length);
    const only = splitList(options.only);
    const common = { command: 'start', ...(options.silent ? { silent: true } : {}), ...(options.json ? { json: true } : {}) };
    await withDaemon(async (client) => {
      const first = targets[0];
      if (first === undefined || isEcosystemFile(first)) {
        const desired = await desiredFromFile(first, options);
        await runApply(client, desired, { mode: 'start', prune: false, ...(only ? { only } : {}), ...common });
        if (!options.silent && !options.json) printProcessTable(await client.request('list', {}));
        return;
      }
      const records = await client.request('list', {});
      if (targets.every((token) => matchesKnownApp(token, records))) {
        const result = await client.request('restart', { targets, ...(options.updateEnv ? { updateEnv: callerEnv() } : {}) });
        await finishAction(client, 'restarted', result, options);
        return;
      }
      if (targets.length > 1) throw new TendError('E_USAGE', `start takes one script at a time (got ${targets.join(' ')})`, { hint: 'Pass script arguments after `--`.' });
      const specs = desiredFromScript(first, scriptArgs, options);
      const spec = specs[0];
      if (spec) {
        const running = records.find((r) => r.name === spec.name || r.pm2_env.pm_exec_path === spec.script);
        if (running && !options.force) {
          throw new TendError('E_ALREADY_RUNNING', `script ${spec.script} is already running as '${running.name}' (id ${running.pm_id})`);
        }
        // Another copy of a running script keeps its name unless that name is taken.
        if (running && options.force && records.some((r) => r.name === spec.name)) spec.name = uniqueName(spec.name, records);
      }
      await runApply(client, { source: 'cli', specs }, { mode: 'start', prune: false, ...common });
      if (!options.silent && !options.json) printProcessTable(await client.request('list', {}));
    });
  });
}

function uniqueName(name: string, records: readonly ProcessRecord[]): string {
  for (let n = 1; ; n++) {
    const candidate = `${name}-${n}`;
    if (!records.some((r) => r.name === candidate)) return candidate;
  }
}
