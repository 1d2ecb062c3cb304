// `tend start <scripts | file | - | apps…> [-- args]`, PM2's smart start: an ecosystem file (or `-`,
// one on stdin) starts what is missing and restarts what runs (and applies every changed field); a
// known app is restarted; each script becomes a new app (see placeScript for when it does not).
import type { Command } from 'commander';
import { catalogCliOptions } from '../../ecosystem/catalog.js';
import type { ProcessRecord } from '../../protocol/messages.js';
import { withDaemon } from '../daemon-session.js';
import { callerEnv } from '../../client/caller.js';
import { desiredFromFile, desiredFromScript, isFileArgument } from '../desired.js';
import { extname } from 'node:path';
import type { AppSpec } from '../../ecosystem/types.js';
import { printActionResult } from '../views/actions.js';
import { splitList } from '../options.js';
import { runApply } from '../apply-flow.js';
import { finishAction } from '../target-command.js';
import { TendError } from '../../errors/index.js';
import { printProcessTable } from '../views/list.js';
import { appsOf } from '../restart-command.js';

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

/**
 * A token PM2 treats as a known app rather than a script: a name, namespace or id of a running app,
 * or a /regex/ — never something path-like (a slash or an extension), which is a script.
 */
function isKnownApp(token: string, records: readonly ProcessRecord[]): boolean {
  if (token === 'all') return records.length > 0;
  if (/^\/.+\/[a-z]*$/.test(token)) return true;
  if (token.includes('/') || extname(token) !== '') return false;
  return records.some((r) => r.name === token || r.pm2_env.namespace === token || String(r.pm_id) === token);
}

const running = new Set(['online', 'launching', 'stopping', 'waiting restart']);

/**
 * What `start SCRIPT` means, as in PM2: the app with this script *and* this name is started again
 * when it is stopped or errored and refused when it runs (unless -f); any other name is a new app.
 * tend keeps names unique: a forced copy, or a new app whose name is taken, gets a numbered suffix.
 */
function placeScript(spec: AppSpec, records: readonly ProcessRecord[], taken: Set<string>, force: boolean): 'new' | 'restart' {
  const same = records.filter((r) => r.name === spec.name && r.pm2_env.pm_exec_path === spec.script);
  if (same.length > 0 && !same.some((r) => running.has(r.pm2_env.status))) return 'restart';
  if (same.length > 0 && !force) {
    const first = same[0];
    // Named from the running record: what runs is what the user must recognise.
    const script = typeof first?.pm2_env.pm_exec_path === 'string' ? first.pm2_env.pm_exec_path : spec.script;
    throw new TendError('E_ALREADY_RUNNING', `script ${script} is already running as '${spec.name}'${first ? ` (id ${first.pm_id})` : ''}`);
  }
  if (taken.has(spec.name)) spec.name = uniqueName(spec.name, taken);
  taken.add(spec.name);
  return 'new';
}

export function register(program: Command): void {
  const command = program
    .command('start')
    .description('start a script, an ecosystem file, or known apps (PM2 semantics)')
    .argument('[targets...]', 'script, ecosystem file, app names or ids')
    .option('--env <name>', 'with an ecosystem file: use its env_<name> overlay')
    .option('--only <apps>', 'with an ecosystem file: only these apps (comma separated)')
    .option('-f, --force', 'start another copy of a script that already runs')
    .option('-a, --update-env', 'apps that run: merge the current shell env over the one they were started with')
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
      if (first === undefined || isFileArgument(first)) {
        const desired = await desiredFromFile(first, options);
        await runApply(client, desired, {
          mode: 'start',
          prune: false,
          ...(only ? { only } : {}),
          ...(options.updateEnv ? { updateEnv: true } : {}),
          ...common,
        });
        if (!options.silent && !options.json) printProcessTable(await client.request('list', { names: appsOf(desired.specs, only) }), { empty: null });
        return;
      }
      // Apps named by name (the usual `start web`) are looked up alone; anything else needs the whole list.
      const named = await client.request('list', { names: targets });
      const records = targets.every((token) => named.some((record) => record.name === token)) ? named : await client.request('list', {});
      const known = targets.filter((token) => isKnownApp(token, records));
      const taken = new Set(records.map((r) => r.name));
      const fresh: AppSpec[] = [];
      const again: string[] = [...known];
      // Each script is its own app, and arguments after `--` go to each (PM2's `start a.js b.js -- x`).
      for (const script of targets.filter((token) => !known.includes(token))) {
        for (const spec of desiredFromScript(script, scriptArgs, options)) {
          if (placeScript(spec, records, taken, options.force === true) === 'restart') again.push(spec.name);
          else fresh.push(spec);
        }
      }
      const restarted: string[] = [];
      if (again.length > 0) {
        const result = await client.request('restart', { targets: again, ...(options.updateEnv ? { updateEnv: callerEnv() } : {}) });
        if (fresh.length === 0) {
          await finishAction(client, 'restarted', result, options);
          return;
        }
        if (!options.silent && !options.json) printActionResult('restarted', result);
        restarted.push(...result.names);
      }
      await runApply(client, { source: 'cli', specs: fresh }, { mode: 'start', prune: false, ...common });
      if (!options.silent && !options.json)
        printProcessTable(await client.request('list', { names: [...restarted, ...fresh.map((spec) => spec.name)] }), { empty: null });
    });
  });
}

function uniqueName(name: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const candidate = `${name}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
