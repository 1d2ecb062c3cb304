// `tend sync hook install`: a post-receive hook in a bare repository, so that `git push` syncs a
// source at once and the pushing client sees the plan and the result (git relays the hook's
// output as `remote: …` lines).
import { chmodSync, existsSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { quote } from 'shell-quote';
import { TendError } from '../../errors/index.js';

const marker = '# tend: post-receive hook';

export interface HookCommand {
  /** TEND_HOME of the daemon that owns the source. */
  home: string;
  /** argv that runs the tend CLI (node and its bin script). */
  tend: string[];
  source: string;
}

export function hookScript(command: HookCommand): string {
  return [
    '#!/bin/sh',
    `${marker} (written by \`tend sync hook install\`): a push syncs source ${command.source}.`,
    '# The pushed refs arrive on stdin; the sync fetches the branch itself.',
    'cat >/dev/null',
    '# git runs hooks with GIT_DIR and friends set: none of them may leak into tend or its git commands.',
    'for name in $(env | sed -n "s/^\\(GIT_[A-Za-z0-9_]*\\)=.*/\\1/p"); do unset "$name"; done',
    `TEND_HOME=${quote([command.home])} exec ${quote([...command.tend, 'sync', 'now', command.source, '--push'])}`,
    '',
  ].join('\n');
}

/** Writes hooks/post-receive; a hook tend did not write is replaced only with `force`. */
export function installHook(repo: string, command: HookCommand, force: boolean): string {
  const dir = resolve(repo);
  const isBare = existsSync(join(dir, 'HEAD')) && existsSync(join(dir, 'objects')) && !existsSync(join(dir, '.git'));
  if (!isBare) throw new TendError('E_SYNC_HOOK', `${dir} is not a bare git repository`);
  const hooks = join(dir, 'hooks');
  if (!existsSync(hooks) || !statSync(hooks).isDirectory()) throw new TendError('E_SYNC_HOOK', `${dir} has no hooks directory`);
  const file = join(hooks, 'post-receive');
  if (existsSync(file) && !force && !readFileSync(file, 'utf8').includes(marker)) {
    throw new TendError('E_SYNC_HOOK', `${file} exists and was not written by tend`);
  }
  // The CLI path is made real: the hook must keep working whatever symlink the installer used.
  const tend = command.tend.map((part) => (existsSync(part) ? realpathSync(part) : part));
  writeFileSync(file, hookScript({ ...command, tend }), { mode: 0o755 });
  chmodSync(file, 0o755);
  return file;
}
