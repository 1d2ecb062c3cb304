// issue 23: deploys that never call broken code a success, on a fleet of three real sshds (three
// "hosts", each its own HOME and tend daemon) and a real git repository, through the real CLI:
// the barrier before the switch, a dropped connection, keep_releases counting good releases, an app
// that dies at start (rolled back with the post-deploy of the release it goes back to), and a revert
// that takes the whole fleet to one commit although the hosts' histories differ.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runCli, tendBin, type CliResult } from '../support/cli.js';
import { isAlive, waitFor } from '../support/daemon.js';
import { freePort, generateKey, startSshd, type Sshd } from '../support/sshd.js';
import { whyMissing } from '../support/tools.js';

/** These tests need a real sshd; without one they are skipped with this reason. */
const noSshd = whyMissing('sshd');

interface Host {
  sshd: Sshd;
  appPort: number;
  base: string;
  label: string;
}

interface Outcome {
  host: string;
  ok: boolean;
  summary: string;
}

let root: string;
let work: string;
let hosts: Host[] = [];
let notifyUrl = '';
let receiver: Server | undefined;
const notified: { path: string; body: string; signature: string | undefined }[] = [];

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' }).trim();
}

function deploy(args: string[]): Promise<CliResult> {
  return runCli(['deploy', ...args], { cwd: work, timeoutMs: 90_000 });
}

/** The hosts of the summary: the first JSON document on stdout (a failure's error follows it). */
function outcomesOf(result: CliResult): Outcome[] {
  const end = result.stdout.indexOf('\n}\n');
  return (JSON.parse(result.stdout.slice(0, end + 2)) as { hosts: Outcome[] }).hosts;
}

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 2000 }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
    });
    request.on('error', reject);
    request.on('timeout', () => request.destroy(new Error('timeout')));
  });
}

async function expectServing(expected: string): Promise<void> {
  for (const host of hosts) {
    const deadline = Date.now() + 15_000;
    let last = '';
    while (Date.now() < deadline) {
      last = await get(host.appPort).catch((error: Error) => `(${error.message})`);
      if (last === expected) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(last, expected, `${host.label} serves ${last}`);
  }
}

const current = (host: Host): string => path.basename(readlinkSync(path.join(host.base, 'current')));
const releaseDirs = (host: Host): string[] => readdirSync(path.join(host.base, 'releases')).sort();
const locked = (host: Host): boolean => existsSync(path.join(host.base, '.tend', 'lock'));
const marker = (host: Host, name: string): string => path.join(host.sshd.home, name);

function recordOf(host: Host): { event: string; release: string; sha: string; status?: string }[] {
  return readFileSync(path.join(host.base, '.tend', 'deploys.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { event: string; release: string; sha: string; status?: string });
}

function statusOf(host: Host, sha: string): string[] {
  const last = new Map<string, string>();
  for (const entry of recordOf(host)) if (entry.event === 'deploy' && entry.sha === sha && entry.status) last.set(entry.release, entry.status);
  return [...last.values()];
}

const serverJs = (version: string): string => `const http = require('node:http');
const fs = require('node:fs');
const port = Number(fs.readFileSync(__dirname + '/config/port', 'utf8'));
http.createServer((req, res) => res.end(${JSON.stringify(version)})).listen(port, '127.0.0.1');
`;

// Pre-deploy: a host with a `fail-pre` marker in its HOME fails; one with `drop` kills its own SSH
// session (the connection drops mid-deploy); the others take a moment, as real builds do.
const preDeploy = [
  'if [ -e "$HOME/fail-pre" ]; then echo "pre-deploy: build failed" >&2; exit 4; fi',
  'if [ -e "$HOME/drop" ]; then p=$$; while [ "$p" -gt 1 ]; do case "$(cat /proc/$p/comm)" in sshd*) kill -9 "$p"; sleep 5; exit 0;; esac; p=$(cut -d" " -f4 /proc/$p/stat); done; fi',
  'if [ -e "$HOME/slow-pre" ]; then echo $$ > "$HOME/pre-pid"; sleep 30; touch "$HOME/pre-finished"; fi',
  'sleep 0.5',
].join('\n');
// Post-deploy: a host with a `fail-post` marker fails it; otherwise tend starts what the release holds.
const postDeploy = `if [ -e "$HOME/fail-post" ]; then exit 6; fi; node ${tendBin} startOrReload "$TEND_DEPLOY_PATH/current/ecosystem.config.js" --env production`;

function writeEcosystem(post: string): void {
  const ecosystem = {
    apps: [{ name: 'web', script: 'server.js', interpreter: 'node' }],
    deploy: {
      production: {
        user: 'root',
        host: hosts.map((host) => host.label),
        key: path.join(root, 'user_key'),
        ssh_options: [`UserKnownHostsFile=${path.join(root, 'known_hosts')}`],
        repo: path.join(root, 'origin.git'),
        ref: 'origin/main',
        path: '~/srv/app',
        shared: ['config'],
        keep_releases: 3,
        'pre-deploy': preDeploy,
        'post-deploy': post,
        notify: { webhooks: [`${notifyUrl}/hook`], slack: [`${notifyUrl}/slack`], secret_env: 'TEND_TEST_NOTIFY_SECRET' },
      },
    },
  };
  writeFileSync(path.join(work, 'ecosystem.config.js'), `module.exports = ${JSON.stringify(ecosystem, null, 2)};\n`);
}

function commit(version: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(work, name), text);
  git(work, 'add', '-A');
  git(work, 'commit', '-q', '-m', version);
  git(work, 'push', '-q', 'origin', 'main');
  return git(work, 'rev-parse', 'HEAD');
}

before(async () => {
  if (noSshd) return;
  root = mkdtempSync(path.join(os.tmpdir(), 'tend-fleet-'));
  // A local receiver for the deploy's notifications (a generic signed webhook and a Slack one).
  process.env.TEND_TEST_NOTIFY_SECRET = 'fleet secret';
  receiver = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      notified.push({ path: request.url ?? '', body, signature: request.headers['x-tend-signature'] as string | undefined });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver?.listen(0, '127.0.0.1', resolve));
  notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const userKey = generateKey(root, 'user_key');
  for (const name of ['a', 'b', 'c']) {
    const dir = path.join(root, `sshd-${name}`);
    mkdirSync(dir);
    const sshd = await startSshd({ dir, authorizedKeys: [userKey.publicKey] });
    hosts.push({ sshd, appPort: await freePort(), base: path.join(sshd.home, 'srv', 'app'), label: `127.0.0.1:${sshd.port}` });
  }
  writeFileSync(path.join(root, 'known_hosts'), hosts.map((host) => host.sshd.knownHostsLine).join('\n') + '\n');
  git(root, 'init', '-q', '--bare', '-b', 'main', path.join(root, 'origin.git'));
  work = path.join(root, 'work');
  git(root, 'clone', '-q', path.join(root, 'origin.git'), work);
  git(work, 'checkout', '-q', '-b', 'main');
  writeEcosystem(postDeploy);
  commit('v1', { 'server.js': serverJs('v1') });
  git(work, 'push', '-q', '-u', 'origin', 'main');
});

after(async () => {
  if (noSshd) return;
  for (const host of hosts) {
    await runCli(['kill'], { home: path.join(host.sshd.home, '.tend'), timeoutMs: 20_000 }).catch(() => undefined);
    await host.sshd.stop();
  }
  hosts = [];
  receiver?.close();
  rmSync(root, { recursive: true, force: true });
});

test('a fleet deploy: barrier, dropped connection, keep_releases, death at start, fleet revert', { skip: noSshd }, async (t) => {
  const [a, b, c] = hosts as [Host, Host, Host];
  const sha1 = git(work, 'rev-parse', 'HEAD');

  await t.test('setup and a first deploy', async () => {
    assert.equal((await deploy(['production', 'setup'])).code, 0);
    for (const host of hosts) {
      mkdirSync(path.join(host.base, 'shared', 'config'), { recursive: true });
      writeFileSync(path.join(host.base, 'shared', 'config', 'port'), String(host.appPort));
    }
    const result = await deploy(['production', '--json']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    await expectServing('v1');
  });
  const first = current(a);

  const sha2 = commit('v2', { 'server.js': serverJs('v2') });
  await t.test('a host failing pre-deploy stops every host before the switch', async () => {
    writeFileSync(marker(c, 'fail-pre'), '');
    try {
      const result = await deploy(['production', '--json']);
      assert.equal(result.code, 1, result.stdout + result.stderr);
      const outcomes = outcomesOf(result);
      assert.equal(outcomes.length, 3);
      assert.ok(outcomes.every((outcome) => !outcome.ok));
      assert.match(outcomes.find((outcome) => outcome.host === c.label)?.summary ?? '', /pre-deploy/);
      for (const host of hosts) {
        assert.equal(current(host), first, `${host.label} did not switch`);
        assert.equal(locked(host), false);
        assert.deepEqual(statusOf(host, sha2), ['failed']);
      }
      await expectServing('v1');
    } finally {
      rmSync(marker(c, 'fail-pre'));
    }
  });

  const sha3 = commit('v3', { 'server.js': serverJs('v3') });
  await t.test('a dropped connection: every host reported, no host switched, every lock given back', async () => {
    writeFileSync(marker(b, 'drop'), '');
    try {
      const result = await deploy(['production', '--json']);
      assert.equal(result.code, 1, result.stdout + result.stderr);
      const outcomes = outcomesOf(result);
      assert.deepEqual(
        outcomes.map((outcome) => outcome.host),
        hosts.map((host) => host.label),
      );
      assert.match(outcomes.find((outcome) => outcome.host === b.label)?.summary ?? '', /connection lost|E_SSH/);
      for (const host of hosts) {
        assert.equal(current(host), first, `${host.label} did not switch`);
        assert.equal(locked(host), false, `${host.label}'s lock was given back`);
      }
      for (const host of [a, c]) assert.deepEqual(statusOf(host, sha3), ['failed']);
    } finally {
      rmSync(marker(b, 'drop'));
    }
  });

  const sha4 = commit('v4', { 'server.js': serverJs('v4') });
  await t.test('keep_releases counts good releases: the failed ones never push out the last good one', async () => {
    const result = await deploy(['production', '--json']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    await expectServing('v4');
    for (const host of hosts) {
      // keep 3: v1 and v4 are the only good ones, both kept; v2 and v3 failed and are gone.
      assert.deepEqual(
        releaseDirs(host).map((dir) => dir.slice(-7)),
        [sha1.slice(0, 7), sha4.slice(0, 7)],
      );
    }
  });
  const fourth = current(a);

  await t.test('an app that dies at start fails the deploy; the rollback runs the post-deploy of the release it goes back to', async () => {
    // The new commit brings a migration its post-deploy runs, and code that throws at its first line.
    writeEcosystem(`node migrate.js && ${postDeploy}`);
    const sha5 = commit('v5', { 'server.js': "throw new Error('v5 cannot start');\n", 'migrate.js': "console.log('migrated');\n" });
    const result = await deploy(['production', '--json']);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout + result.stderr, /v5 cannot start/);
    for (const outcome of outcomesOf(result)) assert.match(outcome.summary, /rolled back to/, outcome.summary);
    for (const host of hosts) {
      assert.equal(current(host), fourth);
      assert.deepEqual(statusOf(host, sha5), ['failed']);
    }
    await expectServing('v4');
    const prev = JSON.parse((await deploy(['production', 'prev', '--json'])).stdout) as { sha: string }[];
    assert.deepEqual(
      prev.map((entry) => entry.sha),
      [sha1, sha1, sha1],
      'the broken release is never a revert target',
    );
    writeEcosystem(postDeploy);
    commit('v5 fixed config', {});
  });

  await t.test("revert takes the whole fleet to one commit, though the hosts' histories differ", async () => {
    // v6 goes live on a and c; b's post-deploy fails and b rolls back to v4.
    commit('v6', { 'server.js': serverJs('v6') });
    writeFileSync(marker(b, 'fail-post'), '');
    try {
      const result = await deploy(['production', '--json']);
      assert.equal(result.code, 1);
      // b's rollback re-runs the post-deploy v4 went live with, which fails there too: b is degraded.
      assert.match(outcomesOf(result).find((outcome) => outcome.host === b.label)?.summary ?? '', /rollback failed too/);
    } finally {
      rmSync(marker(b, 'fail-post'));
    }
    assert.equal(current(b), fourth);
    assert.notEqual(current(a), fourth);
    // One back for a and c would be v4, for b v1: the fleet goes to the one commit good on all, v1.
    const result = await deploy(['production', 'revert', '--json']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    for (const host of hosts) assert.equal(current(host), first);
    await expectServing('v1');
  });

  await t.test('Ctrl-C cancels: remote hooks stopped, locks given back, the release recorded failed', async () => {
    const sha7 = commit('v7', { 'server.js': serverJs('v7') });
    for (const host of hosts) writeFileSync(marker(host, 'slow-pre'), '');
    try {
      const child = spawn(process.execPath, [tendBin, 'deploy', 'production'], {
        cwd: work,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await waitFor('every host in its pre-deploy', () => hosts.every((host) => existsSync(marker(host, 'pre-pid'))));
      child.kill('SIGINT');
      const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 30_000))]);
      if (code === 'still running') child.kill('SIGKILL');
      assert.equal(code, 1, output);
      assert.match(output, /E_DEPLOY_CANCELLED/);
      for (const host of hosts) {
        const hookPid = Number(readFileSync(marker(host, 'pre-pid'), 'utf8'));
        await waitFor(`${host.label}'s pre-deploy stopped`, () => !isAlive(hookPid));
        assert.equal(locked(host), false, `${host.label}'s lock was given back`);
        assert.deepEqual(statusOf(host, sha7), ['failed']);
        assert.equal(current(host), first);
        assert.equal(existsSync(marker(host, 'pre-finished')), false);
      }
    } finally {
      for (const host of hosts) rmSync(marker(host, 'slow-pre'), { force: true });
    }
    void sha4;
  });

  await t.test('every deploy and revert was notified: signed JSON with each host, and a Slack line', () => {
    const events = notified.filter((item) => item.path === '/hook').map((item) => JSON.parse(item.body) as { verb: string; event: string; hosts: unknown[] });
    assert.deepEqual(
      events.map((event) => `${event.verb} ${event.event}`),
      ['deploy deployed', 'deploy failed', 'deploy failed', 'deploy deployed', 'deploy failed', 'deploy degraded', 'revert deployed', 'deploy cancelled'],
    );
    // issue 23: a host whose rollback failed too makes the deploy `degraded`, and is marked so.
    const degraded = events.find((event) => event.event === 'degraded') as { hosts: { host: string; degraded?: boolean }[] } | undefined;
    assert.deepEqual(
      degraded?.hosts.filter((host) => host.degraded === true).map((host) => host.host),
      [hosts[1]?.label],
    );
    assert.ok(notified.some((item) => item.path === '/slack' && /degraded/.test(item.body)));
    assert.ok(events.every((event) => event.hosts.length === 3));
    for (const item of notified.filter((entry) => entry.path === '/hook')) {
      assert.equal(item.signature, `sha256=${createHmac('sha256', 'fleet secret').update(item.body).digest('hex')}`);
    }
    assert.equal(notified.filter((item) => item.path === '/slack').length, events.length);
  });
});
