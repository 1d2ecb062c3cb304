// The HEAD commit of the git work tree holding a directory, read from .git with fs (no git process):
// `git pull && tend apply` then reloads exactly the apps whose code moved.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const sha = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** The git directory for a work tree root: `.git` itself, or the one a `.git` file points to (worktrees). */
function gitDirOf(root: string): string | undefined {
  const dotGit = join(root, '.git');
  if (!existsSync(dotGit)) return undefined;
  if (statSync(dotGit).isDirectory()) return dotGit;
  const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
  return pointer === undefined ? undefined : resolve(root, pointer);
}

function findGitDir(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const gitDir = gitDirOf(dir);
    if (gitDir !== undefined) return gitDir;
    if (dirname(dir) === dir) return undefined;
  }
}

function readRef(gitDir: string, ref: string): string | null {
  // Refs of a linked worktree live in the main repository (named by `commondir`).
  const commonFile = join(gitDir, 'commondir');
  const commonDir = existsSync(commonFile) ? resolve(gitDir, readFileSync(commonFile, 'utf8').trim()) : gitDir;
  for (const dir of [gitDir, commonDir]) {
    const loose = join(dir, ref);
    if (existsSync(loose)) {
      const value = readFileSync(loose, 'utf8').trim();
      if (sha.test(value)) return value;
    }
  }
  const packed = join(commonDir, 'packed-refs');
  if (!existsSync(packed)) return null;
  for (const line of readFileSync(packed, 'utf8').split('\n')) {
    const [hash, name] = line.trim().split(' ');
    if (name === ref && hash !== undefined && sha.test(hash)) return hash;
  }
  return null;
}

/** HEAD's commit for the work tree holding `dir`; null outside git or before the first commit. */
export function gitRevision(dir: string): string | null {
  try {
    const gitDir = findGitDir(dir);
    if (gitDir === undefined) return null;
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (sha.test(head)) return head;
    const ref = /^ref:\s*(.+)$/.exec(head)?.[1];
    return ref === undefined ? null : readRef(gitDir, ref);
  } catch {
    // An unreadable repository is treated as no repository: the revision is only a change signal.
    return null;
  }
}
