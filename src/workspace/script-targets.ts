// PM2 also names apps by their script: `tend stop app.js` acts on the apps whose script is app.js as
// seen from the caller's directory. The daemon knows no cwd, so a path-like target is resolved here.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { logicalCwd } from './cwd.js';

/** A target that names a script: it has a slash or an extension, and the file exists. */
function scriptPath(target: string): string | undefined {
  if (/^\/.+\/[a-z]*$/.test(target)) return undefined;
  if (!target.includes('/') && extname(target) === '') return undefined;
  const path = resolve(logicalCwd(), target);
  // Scripts are recorded with symlinks resolved (as the ecosystem normalizer does).
  return existsSync(path) && statSync(path).isFile() ? realpathSync(path) : undefined;
}

/** Targets as the daemon matches them: script paths made absolute, every other target as given. */
export function resolveScriptTargets(targets: readonly string[]): string[] {
  return targets.map((target) => scriptPath(target) ?? target);
}
