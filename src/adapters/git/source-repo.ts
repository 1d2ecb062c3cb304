// One sync source on disk: a mirror clone in TEND_HOME/sources/<name>/repo.git, one release
// directory per commit (a detached `git worktree`, so apps see the commit as their git revision),
// and the build logs. Every git command runs through simple-git with a clean env and a timeout.
import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { SimpleGit } from 'simple-git';
import { TendError } from '../../errors/index.js';
import { runBuild } from './build.js';
import { cleanGitEnv } from './env.js';

/** A git command that prints nothing for this long is stuck (a dead remote): it is killed. */
const gitTimeoutMs = 120_000;

export interface SourceLayout {
  dir: string;
  repo: string;
  releases: string;
  builds: string;
}

export function sourceLayout(sourcesDir: string, name: string): SourceLayout {
  const dir = join(sourcesDir, name);
  return { dir, repo: join(dir, 'repo.git'), releases: join(dir, 'releases'), builds: join(dir, 'builds') };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.length > 0 && !line.startsWith('hint:')) ?? text
  );
}

export class SourceRepo {
  readonly layout: SourceLayout;

  constructor(sourcesDir: string, name: string) {
    this.layout = sourceLayout(sourcesDir, name);
  }

  /** simple-git is loaded on first use: a daemon without git sources never pays for it. */
  private async git(baseDir: string): Promise<SimpleGit> {
    const { simpleGit } = await import('simple-git');
    return simpleGit({ baseDir, timeout: { block: gitTimeoutMs } }).env(cleanGitEnv());
  }

  /** Clones the repository on first use, then fetches every ref (a mirror follows force-pushes). */
  async fetch(url: string): Promise<void> {
    mkdirSync(this.layout.releases, { recursive: true });
    mkdirSync(this.layout.builds, { recursive: true });
    try {
      if (!existsSync(join(this.layout.repo, 'HEAD'))) {
        rmSync(this.layout.repo, { recursive: true, force: true });
        await (await this.git(this.layout.dir)).clone(url, this.layout.repo, ['--mirror', '--quiet']);
      } else {
        await (await this.git(this.layout.repo)).raw(['remote', 'set-url', 'origin', url]);
        await (await this.git(this.layout.repo)).raw(['fetch', '--prune', '--quiet', 'origin']);
      }
    } catch (error) {
      // git's own line names the repository without its credentials; the URL given may hold a password.
      throw new TendError('E_SYNC_FETCH', `cannot fetch the repository: ${firstLine(error)}`);
    }
  }

  /** The commit a branch, tag or commit id names. */
  async resolve(ref: string): Promise<string> {
    try {
      return (await (await this.git(this.layout.repo)).raw(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
    } catch {
      throw new TendError('E_SYNC_REF', `ref '${ref}' is not in the repository`);
    }
  }

  async subject(revision: string): Promise<string> {
    try {
      return (await (await this.git(this.layout.repo)).raw(['log', '-1', '--format=%s', revision])).trim();
    } catch {
      return '';
    }
  }

  /** Files that differ between two commits (paths relative to the repository root). */
  async changedFiles(from: string, to: string): Promise<string[]> {
    const out = await (await this.git(this.layout.repo)).raw(['diff', '--name-only', '--no-renames', from, to]);
    return out.split('\n').filter((line) => line.length > 0);
  }

  /** The real path of the releases directory (specs hold resolved paths). */
  releasesDir(): string {
    mkdirSync(this.layout.releases, { recursive: true });
    return realpathSync(this.layout.releases);
  }

  releaseDir(revision: string): string {
    return join(this.releasesDir(), revision);
  }

  private readyMarker(revision: string): string {
    return join(this.releasesDir(), `${revision}.ready`);
  }

  buildLog(revision: string): string {
    return join(this.layout.builds, `${revision}.log`);
  }

  /** True when the release directory of the commit exists and its build succeeded. */
  hasRelease(revision: string): boolean {
    return existsSync(this.readyMarker(revision)) && existsSync(this.releaseDir(revision));
  }

  /** Checks the commit out into its own release directory (afresh when an earlier attempt failed). */
  async checkout(revision: string): Promise<string> {
    const dir = this.releaseDir(revision);
    await this.removeRelease(revision);
    try {
      await (await this.git(this.layout.repo)).raw(['worktree', 'add', '--detach', '--force', dir, revision]);
    } catch (error) {
      throw new TendError('E_SYNC_RELEASE', `cannot check out ${revision.slice(0, 12)}: ${firstLine(error)}`);
    }
    return dir;
  }

  /** Runs the build hook in the release; only a release whose build succeeded is marked ready. */
  /**
   * A source's `pre` or `post` hook for a revision, in its release directory, bounded by
   * `timeoutMs`, its output kept in builds/<commit>.<hook>.log.
   */
  async runHook(hook: 'pre' | 'post', revision: string, command: string, env: Record<string, string>, timeoutMs: number): Promise<void> {
    const logFile = this.buildLog(revision).replace(/\.log$/, `.${hook}.log`);
    const result = await runBuild(command, { cwd: this.releaseDir(revision), env: { ...cleanGitEnv(env), TEND_SYNC_REVISION: revision }, timeoutMs, logFile });
    if (!result.ok) {
      const why = result.timedOut ? `timed out after ${Math.round(timeoutMs / 1000)} s` : `exited with ${result.code ?? 'a signal'}`;
      throw new TendError('E_SYNC_PRE_POST', `${hook} hook \`${command}\` ${why}${result.tail ? `: ${result.tail.split('\n').join(' | ')}` : ''}`, {
        hint: `Full output: ${logFile}.`,
      });
    }
  }

  async build(revision: string, command: string | null, env: Record<string, string>, timeoutMs: number): Promise<void> {
    if (command !== null) {
      const result = await runBuild(command, {
        cwd: this.releaseDir(revision),
        env: { ...cleanGitEnv(env), TEND_SYNC_REVISION: revision },
        timeoutMs,
        logFile: this.buildLog(revision),
      });
      if (!result.ok) {
        const why = result.timedOut ? `timed out after ${Math.round(timeoutMs / 1000)} s` : `exited with ${result.code ?? 'a signal'}`;
        throw new TendError('E_SYNC_BUILD', `build \`${command}\` ${why}${result.tail ? `: ${result.tail.split('\n').join(' | ')}` : ''}`, {
          hint: `Full output: ${this.buildLog(revision)}. Fix the build and push a new commit.`,
        });
      }
    }
    writeFileSync(this.readyMarker(revision), `${new Date().toISOString()}\n`);
  }

  async removeRelease(revision: string): Promise<void> {
    const dir = this.releaseDir(revision);
    rmSync(this.readyMarker(revision), { force: true });
    if (existsSync(dir)) {
      try {
        await (await this.git(this.layout.repo)).raw(['worktree', 'remove', '--force', dir]);
      } catch {
        // not a registered worktree any more: remove the directory itself below
      }
      rmSync(dir, { recursive: true, force: true });
    }
    try {
      await (await this.git(this.layout.repo)).raw(['worktree', 'prune']);
    } catch {
      // nothing to prune
    }
  }

  /** Revisions with a release directory or marker on disk. */
  releases(): string[] {
    const names = readdirSync(this.releasesDir()).map((name) => name.replace(/\.ready$/, ''));
    return [...new Set(names)].filter((name) => /^[0-9a-f]{40,64}$/.test(name));
  }

  /** True when `path` is inside the release directory of `revision`. */
  isInRelease(path: string, revision: string): boolean {
    const rel = relative(this.releaseDir(revision), resolve(path));
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
  }

  removeAll(): void {
    rmSync(this.layout.dir, { recursive: true, force: true });
  }
}
