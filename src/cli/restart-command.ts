// restart / reload (and PM2's startOrRestart / startOrReload / startOrGracefulReload): with an
// ecosystem file, every app of the file is restarted/reloaded, missing ones started, and every
// changed field applied; with targets, the matching apps are restarted/reloaded in place.
import type { Command } from 'commander';
import { TendError } from '../errors/index.js';
import { withDaemon } from './daemon-session.js';
import { callerEnv } from '../client/caller.js';
import { isFileArgument } from './desired.js';
import { resolveScriptTargets } from '../workspace/script-targets.js';
import { parseParallel, splitList } from './options.js';
import { runApply } from './apply-flow.js';
import { addTargetOptions, finishAction, type TargetOptions } from './target-command.js';
import { printProcessTable } from './views/list.js';
import { catalogCliOptions } from '../ecosystem/catalog.js';
import { patchFromFlags, respec } from './app-update.js';
import type { DaemonClient } from '../client/daemon-client.js';

/** restart/reload with app flags: the changed spec goes through the planner; a new --name renames. */
async function updateApps(
  client: DaemonClient,
  targets: string[],
  patch: Record<string, unknown>,
  mode: 'restart' | 'reload',
  options: TargetOptions & { json?: boolean },
): Promise<void> {
  const owned = await client.request('specs', { targets });
  const names: string[] = [];
  for (const { spec, source } of owned) {
    const next = respec(spec, patch);
    await runApply(
      client,
      { source, specs: [next] },
      {
        mode,
        prune: false,
        command: mode,
        ...(options.updateEnv ? { updateEnv: true } : {}),
        ...(options.silent ? { silent: true } : {}),
        ...(options.json ? { json: true } : {}),
      },
    );
    if (next.name !== spec.name) await client.request('delete', { targets: [spec.name] });
    names.push(next.name);
  }
  if (!options.silent && !options.json) printProcessTable(await client.request('list', { names }), { empty: null });
}

/** The apps of a file a verb acted on (all of them, or those of --only). */
export function appsOf(specs: ReadonlyArray<{ name: string }>, only: readonly string[] | undefined): string[] {
  const names = specs.map((spec) => spec.name);
  return only ? names.filter((name) => only.includes(name)) : names;
}

export function registerRestartCommand(
  program: Command,
  spec: { name: string; aliases?: string[]; mode: 'restart' | 'reload'; fileOnly?: boolean; description: string },
): void {
  const command = program
    .command(spec.name)
    .aliases(spec.aliases ?? [])
    .description(spec.description)
    .argument(spec.fileOnly ? '<file>' : '<targets...>', spec.fileOnly ? 'ecosystem file' : 'ids, names, namespaces, all, /regex/ or an ecosystem file')
    .option('-a, --update-env', 'refresh the app env from the current shell')
    .option('--parallel <n>', 'instances restarted at once')
    .option('--json', 'with a file: print the plan and result as JSON');
  if (spec.mode === 'restart' && !spec.fileOnly) command.option('--watch', 'toggle watching the app directory for changes');
  addTargetOptions(command);
  // PM2's app flags on restart/reload update the app (e.g. --name renames it, --node-args changes them).
  for (const option of catalogCliOptions()) {
    const long = /--(?:no-)?[a-z0-9-]+/.exec(option.flags)?.[0];
    if (!command.options.some((existing) => existing.long === long)) command.option(option.flags, option.description);
  }
  command.action(async (given: string | string[], options: TargetOptions & { json?: boolean }) => {
    const operands = Array.isArray(given) ? given : [given];
    const targets = operands.length === 1 && operands[0] !== undefined && isFileArgument(operands[0]) ? operands : resolveScriptTargets(operands);
    const parallel = parseParallel(options.parallel);
    const file = targets.length === 1 && targets[0] !== undefined && isFileArgument(targets[0]) ? targets[0] : undefined;
    if (spec.fileOnly && file === undefined) throw new TendError('E_USAGE', `${spec.name} takes an ecosystem file`);
    if (options.env !== undefined && file === undefined) {
      throw new TendError('E_USAGE', '--env needs an ecosystem file', { hint: 'Give the file: `tend restart ecosystem.config.js --env production`.' });
    }
    await withDaemon(async (client) => {
      if (file !== undefined) {
        const { desiredFromFile } = await import('./desired.js');
        const desired = await desiredFromFile(file, options);
        const only = splitList(options.only);
        await runApply(client, desired, {
          mode: spec.mode,
          prune: false,
          command: spec.name,
          ...(only ? { only } : {}),
          ...(parallel ? { parallel } : {}),
          ...(options.updateEnv ? { updateEnv: true } : {}),
          ...(options.silent ? { silent: true } : {}),
          ...(options.json ? { json: true } : {}),
        });
        if (!options.silent && !options.json) printProcessTable(await client.request('list', { names: appsOf(desired.specs, only) }), { empty: null });
        return;
      }
      // --watch on restart is PM2's watch toggle, not an app field.
      const appFlags: Record<string, unknown> = { ...options };
      delete appFlags.watch;
      const patch = patchFromFlags(appFlags);
      if (Object.keys(patch).length > 0) {
        await updateApps(client, targets, patch, spec.mode, options);
        return;
      }
      const params = {
        targets,
        ...(options.updateEnv ? { updateEnv: callerEnv() } : {}),
        ...(parallel ? { parallel } : {}),
        ...(options.watch ? { watch: true } : {}),
      };
      const result = await client.request(spec.mode, params);
      await finishAction(client, spec.mode === 'reload' ? 'reloaded' : 'restarted', result, options);
    });
  });
}
