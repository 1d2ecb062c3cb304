// The tend invocations a boot script runs, shared by every template.
import type { StartupSettings } from '../settings.js';
import { shellCommand } from './quoting.js';

export type TendVerb = 'resurrect' | 'kill' | 'reload' | 'list';

export function verbArgs(verb: TendVerb): string[] {
  return verb === 'reload' ? ['reload', 'all'] : [verb];
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
