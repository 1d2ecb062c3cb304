// An app's own git checkout, moved the way PM2's pull / forward / backward move it. Thin: each call
// says which commit the work tree was on and which it is on now; reloading is the caller's business.
import type { SimpleGit } from 'simple-git';
import { TendError } from '../../errors/index.js';
import { cleanGitEnv } from './env.js';

const gitTimeoutMs = 120_000;

export interface Move {
  from: string;
  to: string;
}

async function gitAt(dir: string): Promise<SimpleGit> {
  const { simpleGit } = await import('simple-git');
  const git = simpleGit({ baseDir: dir, timeout: { block: gitTimeoutMs } }).env(cleanGitEnv());
  if (!(await git.checkIsRepo()))
    throw new TendError('E_USAGE', `${dir} is not a git checkout`, { hint: 'pull, forward and backward move the git work tree the app runs from.' });
  return git;
}

async function head(git: SimpleGit): Promise<string> {
  return (await git.revparse(['HEAD'])).trim();
}

async function moved(git: SimpleGit, from: string, change: () => Promise<unknown>): Promise<Move> {
  try {
    await change();
  } catch (error) {
    throw new TendError('E_USAGE', `git: ${(error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''}`);
  }
  return { from, to: await head(git) };
}

/** `git pull` of the current branch, or a checkout of `commit` when one is given. */
export async function pullCheckout(dir: string, commit?: string): Promise<Move> {
  const git = await gitAt(dir);
  const from = await head(git);
  return moved(git, from, () => (commit === undefined ? git.pull() : git.fetch().then(() => git.reset(['--hard', commit]))));
}

/** One commit toward the upstream branch (nothing when the checkout is level with it). */
export async function forwardCheckout(dir: string): Promise<Move> {
  const git = await gitAt(dir);
  const from = await head(git);
  return moved(git, from, async () => {
    await git.fetch();
    const ahead = (await git.raw(['rev-list', '--reverse', 'HEAD..@{upstream}'])).split('\n').filter(Boolean);
    if (ahead[0] !== undefined) await git.reset(['--hard', ahead[0]]);
  });
}

/** One commit back (HEAD~1). */
export async function backwardCheckout(dir: string): Promise<Move> {
  const git = await gitAt(dir);
  const from = await head(git);
  return moved(git, from, () => git.reset(['--hard', 'HEAD~1']));
}
