// Where a git source lives, as the daemon must see it: a local path made absolute and real (the
// daemon runs in another directory); URLs pass through.
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/** A local repository path becomes absolute (the daemon runs elsewhere); URLs pass through. */
export function repoLocation(repo: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || /^[^/]+@[^:]+:/.test(repo)) return repo;
  const path = isAbsolute(repo) ? repo : resolve(repo);
  return existsSync(path) ? realpathSync(path) : path;
}
