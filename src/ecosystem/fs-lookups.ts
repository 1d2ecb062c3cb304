// File-system answers for one normalization run: thousands of apps in one file share a few
// directories and scripts, so each path is looked up (stat, realpath, git HEAD, tsx) once per run,
// not once per app. A new run asks again: files change between two loads.
import { realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { gitRevision } from './revision.js';

export class FsLookups {
  private readonly directories = new Map<string, string | undefined>();
  private readonly files = new Map<string, string | undefined>();
  private readonly existing = new Map<string, boolean>();
  private readonly revisions = new Map<string, string | null>();
  private readonly tsxDirs = new Map<string, boolean>();

  /** The real path of `path` when it is a directory. */
  directory(path: string): string | undefined {
    return remember(this.directories, path, () => (statOf(path)?.isDirectory() ? realpathSync(path) : undefined));
  }

  /** The real path of `path` when it is a file. */
  file(path: string): string | undefined {
    return remember(this.files, path, () => (statOf(path)?.isFile() ? realpathSync(path) : undefined));
  }

  exists(path: string): boolean {
    return remember(this.existing, path, () => statOf(path) !== undefined);
  }

  /** HEAD's commit of the git work tree holding `dir` (see gitRevision). */
  revision(dir: string): string | null {
    return remember(this.revisions, dir, () => gitRevision(dir));
  }

  /** Whether tsx is in a node_modules at or above `dir`, searched upward as Node's `--import tsx` would. */
  tsxResolvable(dir: string): boolean {
    return remember(
      this.tsxDirs,
      dir,
      () => this.exists(join(dir, 'node_modules', 'tsx', 'package.json')) || (dirname(dir) !== dir && this.tsxResolvable(dirname(dir))),
    );
  }
}

/** The stat of a path, or undefined when it cannot be had (missing, unreadable folder above it, …). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function remember<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  if (cache.has(key)) return cache.get(key) as T;
  const value = compute();
  cache.set(key, value);
  return value;
}
