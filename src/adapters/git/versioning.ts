// What PM2's describe shows as "revision control metadata" for an app in a git checkout: branch,
// remote, commit, its subject and date, and whether the work tree has uncommitted changes. Local
// only: no fetch.
import { cleanGitEnv } from './env.js';

export interface Versioning {
  root: string;
  branch: string | null;
  remote: string | null;
  revision: string;
  comment: string;
  /** ISO date of the commit. */
  updated: string;
  unstaged: boolean;
}

/** null when `dir` is not in a git work tree or git cannot answer. */
export async function readVersioning(dir: string): Promise<Versioning | null> {
  const { simpleGit } = await import('simple-git');
  const git = simpleGit({ baseDir: dir, timeout: { block: 10_000 } }).env(cleanGitEnv());
  try {
    const root = (await git.revparse(['--show-toplevel'])).trim();
    const [revision = '', updated = '', ...subject] = (await git.raw(['log', '-1', '--format=%H%n%cI%n%s'])).trim().split('\n');
    const branch = (await git.raw(['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
    const remoteName = (await git.raw(['config', '--get', `branch.${branch}.remote`]).catch(() => '')).trim() || 'origin';
    const remote = (await git.raw(['remote', 'get-url', remoteName]).catch(() => '')).trim();
    const status = await git.raw(['status', '--porcelain', '--untracked-files=no']);
    return {
      root,
      branch: branch === 'HEAD' ? null : branch,
      remote: remote === '' ? null : remote,
      revision,
      comment: subject.join('\n'),
      updated,
      unstaged: status.trim() !== '',
    };
  } catch {
    return null;
  }
}
