// The working directory of a CLI call, as the user named it.
import { realpathSync } from 'node:fs';

/**
 * The directory as the shell names it ($PWD), when that is where we are: inside a `current` symlink
 * it keeps the symlinked path, so an ecosystem file keeps one identity (its apps' owner) across
 * releases, while the apps' cwd is still resolved to the release (new code is a change).
 */
export function logicalCwd(): string {
  const shellPwd = process.env.PWD;
  try {
    if (shellPwd && realpathSync(shellPwd) === process.cwd()) return shellPwd;
  } catch {
    // $PWD no longer exists
  }
  return process.cwd();
}
