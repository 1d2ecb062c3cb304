// Real git repositories for the git sync tests: a work repository whose commits hold an ecosystem
// file and the fixture app, and helpers to read what the daemon runs.
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { repoRoot } from './cli.js';
import type { TestHome } from './daemon.js';

const identity = {
  GIT_AUTHOR_NAME: 'tend test',
  GIT_AUTHOR_EMAIL: 'test@tend.invalid',
  GIT_COMMITTER_NAME: 'tend test',
  GIT_COMMITTER_EMAIL: 'test@tend.invalid',
};

export function git(cwd: string, args: readonly string[]): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GIT_')));
  return execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], {
    cwd,
    env: { ...env, ...identity },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** git's output trimmed (a commit id, a branch name), for tests that take git's words as arguments. */
export function gitOut(cwd: string, ...args: string[]): string {
  return git(cwd, args).trim();
}

export interface AppDef {
  name: string;
  instances?: number;
  greeting?: string;
}

export function ecosystemYaml(apps: readonly AppDef[]): string {
  return `apps:\n${apps
    .map(
      (app) =>
        `  - name: ${app.name}\n    script: worker.js\n    exec_mode: fork\n    instances: ${app.instances ?? 1}\n${app.greeting ? `    env:\n      GREETING: "${app.greeting}"\n` : ''}`,
    )
    .join('')}`;
}

export class WorkRepo {
  constructor(readonly dir: string) {}

  /** A new repository with the fixture app, the given apps and a build script that succeeds. */
  static create(parent: string, apps: readonly AppDef[], name = 'work'): WorkRepo {
    const dir = join(parent, name);
    mkdirSync(dir, { recursive: true });
    git(dir, ['init', '-q']);
    copyFileSync(join(repoRoot, 'test/fixtures/sync/worker.js'), join(dir, 'worker.js'));
    writeFileSync(join(dir, 'build.sh'), 'echo building\n');
    const repo = new WorkRepo(dir);
    repo.commit('first', { 'ecosystem.yaml': ecosystemYaml(apps) });
    return repo;
  }

  /** Writes the files and commits them; returns the commit id. */
  commit(message: string, files: Record<string, string>): string {
    for (const [path, text] of Object.entries(files)) writeFileSync(join(this.dir, path), text);
    git(this.dir, ['add', '-A']);
    git(this.dir, ['commit', '-q', '-m', message]);
    return git(this.dir, ['rev-parse', 'HEAD']).trim();
  }
}

export interface RunningApp {
  pids: number[];
  greeting: string | undefined;
  online: number;
}

/** Per app: pids (sorted), its GREETING and how many instances are online. */
export async function running(t: TestHome): Promise<Map<string, RunningApp>> {
  const apps = new Map<string, RunningApp>();
  for (const record of await t.jlist()) {
    const app = apps.get(record.name) ?? { pids: [], greeting: undefined, online: 0 };
    app.pids.push(record.pid);
    app.pids.sort((a, b) => a - b);
    app.greeting = record.pm2_env.env.GREETING;
    if (record.pm2_env.status === 'online') app.online += 1;
    apps.set(record.name, app);
  }
  return apps;
}

export interface StatusJson {
  name: string;
  status: string;
  suspended: boolean;
  revision: string | null;
  failure: { step: string; revision: string | null; message: string } | null;
  drift: { app: string; detail: string }[];
  message: string;
}

export async function syncStatus(t: TestHome, name: string): Promise<StatusJson> {
  const result = await t.tend(['sync', 'status', name, '--json']);
  if (result.code !== 0) throw new Error(`sync status failed: ${result.stderr}`);
  const [status] = JSON.parse(result.stdout) as StatusJson[];
  if (status === undefined) throw new Error('no status');
  return status;
}

/** POSTs `body` to a webhook URL; resolves with the HTTP status. */
export function postWebhook(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The HMAC-SHA256 signature header value of a webhook body (GitHub's form). */
export const signWebhook = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
