// Shared shape of PM2's target verbs (stop, restart, reload, delete, reset): targets are ids,
// names, namespaces, script paths (from the caller's cwd), `all` or /regex/ — or an ecosystem file
// (or `-`: one on stdin), meaning its apps.
import type { Command } from 'commander';
import type { DaemonClient } from '../client/daemon-client.js';
import type { ActionResult } from '../protocol/messages.js';
import { withDaemon } from './daemon-session.js';
import { isFileArgument } from './desired.js';
import { resolveScriptTargets } from '../workspace/script-targets.js';
import { printProcessTable } from './views/list.js';
import { printActionResult } from './views/actions.js';
import { printNotice } from './views/output.js';

export interface TargetOptions {
  env?: string;
  only?: string;
  updateEnv?: boolean;
  silent?: boolean;
  parallel?: string;
  watch?: boolean;
}

/** Expands ecosystem-file arguments into the names of their apps. */
export async function expandTargets(targets: string[], options: TargetOptions): Promise<string[]> {
  const expanded: string[] = [];
  for (const target of targets) {
    if (isFileArgument(target)) {
      const { desiredFromFile } = await import('./desired.js');
      expanded.push(...(await desiredFromFile(target, options)).specs.map((spec) => spec.name));
    } else expanded.push(target);
  }
  return resolveScriptTargets(expanded);
}

export function addTargetOptions(command: Command): Command {
  return command
    .option('--env <name>', 'with an ecosystem file: use its env_<name> overlay')
    .option('--only <apps>', 'with an ecosystem file: only these apps (comma separated)')
    .option('-s, --silent', 'print nothing but errors');
}

export async function finishAction(client: DaemonClient, verb: string, result: ActionResult, options: TargetOptions): Promise<void> {
  if (options.silent) return;
  printActionResult(verb, result);
  // Only the apps the verb touched: the cost of one verb must not grow with the apps in the table.
  const records = await client.request('list', { names: result.names });
  if (verb === 'reloaded') {
    // A fork-mode app with one instance cannot be replaced while it serves: say what really happened.
    const single = result.names.filter((name) => {
      const own = records.filter((record) => record.name === name);
      return own.length === 1 && own[0]?.pm2_env.exec_mode === 'fork_mode';
    });
    if (single.length > 0)
      printNotice(`note: ${single.join(', ')} run(s) one fork-mode instance: the reload was a restart (use cluster mode or more instances for zero downtime)`);
  }
  printProcessTable(records, { empty: null });
}

export type TargetMethod = 'stop' | 'delete' | 'reset';

export function registerTargetCommand(
  program: Command,
  spec: { name: string; aliases?: string[]; description: string; method: TargetMethod; verb: string },
): void {
  const command = program
    .command(spec.name)
    .aliases(spec.aliases ?? [])
    .description(spec.description)
    .argument('<targets...>', 'ids, names, namespaces, script paths, all, /regex/ or an ecosystem file');
  addTargetOptions(command).action(async (targets: string[], options: TargetOptions) => {
    const names = await expandTargets(targets, options);
    await withDaemon(async (client) => {
      const result = await client.request(spec.method, { targets: names });
      await finishAction(client, spec.verb, result, options);
    });
  });
}
