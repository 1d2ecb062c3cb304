// The local side of a deploy: PM2's "is what I deploy pushed?" check, and the hooks that run on
// this machine (pre-setup, pre-deploy-local).
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { TendError } from '../errors/index.js';
import type { DeployListener } from './events.js';

function git(cwd: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('git', ['-C', cwd, ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The top of the git work tree holding `dir`, or undefined. */
export async function workTreeOf(dir: string): Promise<string | undefined> {
  const result = await git(dir, ['rev-parse', '--show-toplevel']);
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/** Refuses a work tree with uncommitted changes or unpushed commits (PM2 does too; --force skips this). */
export async function checkPushed(workTree: string): Promise<void> {
  const status = await git(workTree, ['status', '--porcelain']);
  if (status.code !== 0) throw new TendError('E_DEPLOY_DIRTY', `cannot read the state of ${workTree}: ${status.stderr.trim()}`);
  const changed = status.stdout.split('\n').filter((line) => line !== '');
  if (changed.length > 0) {
    const shown = changed
      .slice(0, 3)
      .map((line) => line.slice(3))
      .join(', ');
    throw new TendError(
      'E_DEPLOY_DIRTY',
      `${workTree} has ${changed.length} uncommitted change${changed.length === 1 ? '' : 's'} (${shown}${changed.length > 3 ? ', …' : ''})`,
    );
  }
  const ahead = await git(workTree, ['rev-list', '--count', '@{upstream}..HEAD']);
  if (ahead.code !== 0) {
    throw new TendError('E_DEPLOY_UNPUSHED', `the current branch of ${workTree} has no upstream, so tend cannot tell whether it is pushed`, {
      hint: 'Push it with `git push -u origin <branch>`, or pass --force.',
    });
  }
  const count = Number(ahead.stdout.trim());
  if (count > 0) throw new TendError('E_DEPLOY_UNPUSHED', `${workTree} has ${count} commit${count === 1 ? '' : 's'} not pushed to its upstream`);
}

/** The ecosystem file as the server sees it: its path inside the repository. */
export function pathInRepo(file: string, workTree: string | undefined): string {
  if (workTree === undefined) return path.basename(file);
  const relative = path.relative(workTree, file);
  return relative.startsWith('..') ? path.basename(file) : relative.split(path.sep).join('/');
}

/** Runs a local hook with `sh -c` in `cwd`; output goes to the listener as host "local". */
export function runLocalHook(hook: string, script: string, cwd: string, vars: Readonly<Record<string, string>>, listen: DeployListener): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script], { cwd, env: { ...process.env, ...vars }, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const partial = { stdout: '', stderr: '' };
    const forward =
      (stream: 'stdout' | 'stderr') =>
      (chunk: string): void => {
        tail = (tail + chunk).slice(-2000);
        const lines = (partial[stream] + chunk).split('\n');
        partial[stream] = lines.pop() ?? '';
        for (const line of lines) listen({ type: 'output', host: 'local', stream, line });
      };
    child.stdout.setEncoding('utf8').on('data', forward('stdout'));
    child.stderr.setEncoding('utf8').on('data', forward('stderr'));
    child.on('error', (error) => reject(new TendError('E_DEPLOY_HOOK', `${hook} could not start: ${error.message}`)));
    child.on('close', (code) => {
      for (const stream of ['stdout', 'stderr'] as const) if (partial[stream] !== '') listen({ type: 'output', host: 'local', stream, line: partial[stream] });
      if (code === 0) resolve();
      else {
        const last = tail.trim().split('\n').slice(-3).join(' | ');
        reject(new TendError('E_DEPLOY_HOOK', `${hook} (local) exited with ${code ?? 'a signal'}${last ? `: ${last}` : ''}`));
      }
    });
  });
}
