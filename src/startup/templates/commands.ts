// The tend invocations a boot script runs, shared by every template.
import type { StartupSettings } from '../settings.js';
import { shellCommand } from './quoting.js';

export type TendVerb = 'resurrect' | 'kill' | 'reload' | 'list';

/**
 * At shutdown the apps stop but stay in the state store (`kill --keep-state`); at boot the daemon
 * restores them, and only a home with no app falls back to the dump of `tend save` (`resurrect --boot`):
 * what ran before the reboot comes back, including apps added since the last save.
 */
export function verbArgs(verb: TendVerb): string[] {
  switch (verb) {
    case 'reload':
      return ['reload', 'all'];
    case 'resurrect':
      return ['resurrect', '--boot'];
    case 'kill':
      return ['kill', '--keep-state'];
    case 'list':
      return ['list'];
  }
}

/** The verb's arguments as words for a shell script line. */
export function verbWords(verb: TendVerb): string {
  return verbArgs(verb).join(' ');
}

/** Absolute node and tend paths: at boot PATH is minimal, and an nvm-managed node is not on it. */
export function tendArgv(settings: StartupSettings, verb: TendVerb): string[] {
  return [settings.nodePath, settings.tendBin, ...verbArgs(verb)];
}

/**
 * For shell scripts, which switch user with su: a command line (to be followed by a verb) that sets PATH and
 * TEND_HOME explicitly, since su may reset the environment.
 */
export function tendShellPrefix(settings: StartupSettings): string {
  return shellCommand(['env', `PATH=${settings.pathEnv}`, `TEND_HOME=${settings.tendHome}`, settings.nodePath, settings.tendBin]);
}
