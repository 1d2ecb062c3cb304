// issue 23, git sync: an app's code is the whole commit (a change in ../lib reloads it, and a later
// `tend reload` runs the synced release), an app that dies at start fails the sync and the previous
// revision keeps running, an empty app list is refused, and a loader that floods its output is stopped — real repositories, the
// real daemon and CLI.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { makeHome, waitFor, type TestHome } from '../support/daemon.js';
import { WorkRepo, syncStatus } from '../support/sync-fixture.js';

const ecosystem = `apps:
  - name: api
    script: index.js
    cwd: apps/api
    exec_mode: fork
`;
const api = "const { version } = require('../../lib/common.js');\nconsole.log(`api on ${version}`);\nsetInterval(() => undefined, 60_000);\n";

describe('git sync: code identity and start health', () => {
  let t: TestHome;
  let repo: WorkRepo;

  before(() => {
    t = makeHome('tend-sync-code-');
    repo = WorkRepo.create(t.dir, [], 'code-repo');
    mkdirSync(join(repo.dir, 'apps', 'api'), { recursive: true });
    mkdirSync(join(repo.dir, 'lib'), { recursive: true });
    repo.commit('api with a shared lib', { 'ecosystem.yaml': ecosystem, 'apps/api/index.js': api, 'lib/common.js': "exports.version = 'one';\n" });
  });
  after(async () => {
    await t.cleanup();
  });

  const apiRecord = async () => (await t.jlist()).find((record) => record.name === 'api');
  const cwdOf = async () => ((await apiRecord())?.pm2_env.pm_cwd as string | undefined) ?? '';

  test("a change outside the app's cwd reloads it, and reload keeps running the synced release", async () => {
    const added = await t.tend(['sync', 'add', 'code', '--repo', repo.dir, '--path', 'ecosystem.yaml', '--interval', 'off']);
    assert.equal(added.code, 0, added.stdout + added.stderr);
    const before = await apiRecord();
    const commit = repo.commit('lib two', { 'lib/common.js': "exports.version = 'two';\n" });
    const synced = await t.tend(['sync', 'now', 'code']);
    assert.equal(synced.code, 0, synced.stdout + synced.stderr);
    assert.match(synced.stdout, /reload api/);
    assert.match(await cwdOf(), new RegExp(commit));
    assert.notEqual((await apiRecord())?.pid, before?.pid);
    assert.equal((await t.tend(['reload', 'api'])).code, 0);
    assert.match(await cwdOf(), new RegExp(commit), 'reload runs the synced release');
  });

  test('an app that dies at start fails the sync; the previous revision keeps running, the new one is marked failed', async () => {
    const good = (await syncStatus(t, 'code')).revision ?? '';
    const broken = repo.commit('broken api', { 'apps/api/index.js': "throw new Error('api cannot start');\n" });
    const synced = await t.tend(['sync', 'now', 'code']);
    assert.equal(synced.code, 1, synced.stdout + synced.stderr);
    assert.match(synced.stdout + synced.stderr, /api cannot start/);
    const status = await syncStatus(t, 'code');
    assert.equal(status.revision, good);
    assert.equal(status.failure?.revision, broken);
    await waitFor('api back online on the previous revision', async () => {
      const record = await apiRecord();
      return record?.pm2_env.status === 'online' && (record.pm2_env.pm_cwd as string).includes(good);
    });
    const history = JSON.parse((await t.tend(['sync', 'history', 'code', '--json'])).stdout) as { revision: string; outcome: string }[];
    assert.equal(history.at(-1)?.revision, broken);
    assert.equal(history.at(-1)?.outcome, 'failed');
  });

  test('a commit whose file declares no apps is refused (E_SYNC_EMPTY) and the apps keep running', async () => {
    const running = (await apiRecord())?.pid;
    const empty = repo.commit('oops, emptied', { 'ecosystem.yaml': 'apps: []\n' });
    const synced = await t.tend(['sync', 'now', 'code']);
    assert.equal(synced.code, 1, synced.stdout + synced.stderr);
    assert.match(synced.stdout + synced.stderr, /E_SYNC_EMPTY|declares no apps/);
    assert.equal((await apiRecord())?.pid, running);
    assert.equal((await syncStatus(t, 'code')).failure?.revision, empty);
  });

  test('sync diff fetches the head and shows its plan without applying it', async () => {
    const applied = (await syncStatus(t, 'code')).revision;
    repo.commit('api fixed, lib three', { 'ecosystem.yaml': ecosystem, 'apps/api/index.js': api, 'lib/common.js': "exports.version = 'three';\n" });
    const diff = await t.tend(['sync', 'diff', 'code']);
    assert.equal(diff.code, 0, diff.stdout + diff.stderr);
    assert.match(diff.stdout, /reload api/);
    assert.match(diff.stdout, /would take 1 step/);
    assert.equal((await syncStatus(t, 'code')).revision, applied, 'nothing was applied');
  });

  test('a new commit that also reverts hand changes says so', async () => {
    assert.equal((await t.tend(['scale', 'api', '2'])).code, 0);
    const synced = await t.tend(['sync', 'now', 'code']);
    assert.equal(synced.code, 0, synced.stdout + synced.stderr);
    assert.match(synced.stdout, /reverted drift: api: instances 1 → 2 \(scaled by hand\)/);
    assert.equal((await t.jlist()).filter((record) => record.name === 'api').length, 1);
  });

  test('while auto-sync is suspended the head is still fetched for status', async () => {
    const polled = WorkRepo.create(t.dir, [{ name: 'polled' }], 'polled-repo');
    assert.equal((await t.tend(['sync', 'add', 'polled', '--repo', polled.dir, '--path', 'ecosystem.yaml', '--interval', '1s'])).code, 0);
    const applied = (await syncStatus(t, 'polled')).revision;
    assert.equal((await t.tend(['sync', 'suspend', 'polled'])).code, 0);
    const next = polled.commit('greet', { 'ecosystem.yaml': 'apps:\n  - name: polled\n    script: worker.js\n    env:\n      GREETING: later\n' });
    const status = await waitFor('the head of the suspended source', async () => {
      const current = await syncStatus(t, 'polled');
      return (current as unknown as { head: string | null }).head === next ? current : null;
    });
    assert.equal(status.revision, applied, 'still nothing applied');
    assert.equal(status.suspended, true);
  });

  test('notifications: applied and failed reach a signed JSON webhook and a Slack-compatible one', async () => {
    const received: { path: string; body: string; signature: string | undefined }[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        received.push({ path: request.url ?? '', body, signature: request.headers['x-tend-signature'] as string | undefined });
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const secretFile = join(t.dir, 'notify.secret');
      writeFileSync(secretFile, 'notify secret\n');
      const told = WorkRepo.create(t.dir, [{ name: 'told' }], 'told-repo');
      const added = await t.tend([
        'sync',
        'add',
        'told',
        '--repo',
        told.dir,
        '--path',
        'ecosystem.yaml',
        '--interval',
        'off',
        '--notify',
        `http://127.0.0.1:${port}/hook`,
        '--notify-slack',
        `http://127.0.0.1:${port}/slack`,
        '--notify-secret-file',
        secretFile,
      ]);
      assert.equal(added.code, 0, added.stdout + added.stderr);
      const applied = await waitFor('the applied notification', () => received.find((item) => item.path === '/hook' && item.body.includes('"applied"')));
      assert.equal(applied.signature, `sha256=${createHmac('sha256', 'notify secret').update(applied.body).digest('hex')}`);
      await waitFor('the Slack message', () => received.find((item) => item.path === '/slack' && /"text":".*told: applied/.test(item.body)));
      told.commit('broken', { 'worker.js': "throw new Error('told cannot start');\n" });
      assert.equal((await t.tend(['sync', 'now', 'told'])).code, 1);
      const failed = await waitFor('the failed notification', () => received.find((item) => item.path === '/hook' && item.body.includes('"failed"')));
      assert.match(failed.body, /told cannot start/);
      const status = await t.tend(['sync', 'status', 'told', '--json']);
      assert.doesNotMatch(status.stdout, /notify secret/, 'the secret is not shown');
    } finally {
      server.close();
    }
  });

  test("sync set changes a source in place: a new path is applied at once, the apps stay the source's", async () => {
    const moved = WorkRepo.create(t.dir, [{ name: 'first-app' }], 'moved-repo');
    assert.equal((await t.tend(['sync', 'add', 'moved', '--repo', moved.dir, '--path', 'ecosystem.yaml', '--interval', 'off'])).code, 0);
    moved.commit('second file', { 'other.yaml': 'apps:\n  - name: second-app\n    script: worker.js\n' });
    const set = await t.tend(['sync', 'set', 'moved', '--path', 'other.yaml', '--interval', '5m']);
    assert.equal(set.code, 0, set.stdout + set.stderr);
    assert.match(set.stdout, /\+ create second-app/);
    assert.match(set.stdout, /- delete first-app/);
    const names = (await t.jlist()).map((record) => record.name);
    assert.ok(names.includes('second-app') && !names.includes('first-app'), names.join(', '));
    const [source] = JSON.parse((await t.tend(['sync', 'status', 'moved', '--json'])).stdout) as { config: { path: string; interval: number } }[];
    assert.equal(source?.config.path, 'other.yaml');
    assert.equal(source?.config.interval, 300_000);
  });

  test('pre runs once per new revision before the apps change; a failing post rolls back', async () => {
    const hooked = WorkRepo.create(t.dir, [{ name: 'hooked-app', greeting: 'one' }], 'hooks-repo');
    const preLog = join(t.dir, 'pre.log');
    const added = await t.tend([
      'sync',
      'add',
      'hooks',
      '--repo',
      hooked.dir,
      '--path',
      'ecosystem.yaml',
      '--interval',
      'off',
      '--pre',
      `echo "$TEND_SYNC_REVISION" >> '${preLog}'`,
      '--post',
      'if [ -e fail-post ]; then echo smoke test failed; exit 7; fi',
    ]);
    assert.equal(added.code, 0, added.stdout + added.stderr);
    const first = (await syncStatus(t, 'hooks')).revision ?? '';
    const bad = hooked.commit('breaks the smoke test', {
      'ecosystem.yaml': 'apps:\n  - name: hooked-app\n    script: worker.js\n    env:\n      GREETING: two\n',
      'fail-post': '',
    });
    const synced = await t.tend(['sync', 'now', 'hooks']);
    assert.equal(synced.code, 1, synced.stdout + synced.stderr);
    assert.match(synced.stdout + synced.stderr, /post hook .*exited with 7.*smoke test failed/);
    const status = await syncStatus(t, 'hooks');
    assert.equal(status.revision, first);
    assert.equal(status.failure?.step, 'post');
    await waitFor(
      'hooked-app back on greeting one',
      async () => (await t.jlist()).find((record) => record.name === 'hooked-app')?.pm2_env.env.GREETING === 'one',
    );
    // A retry of the same revision does not run its pre again.
    assert.equal((await t.tend(['sync', 'now', 'hooks'])).code, 1);
    assert.deepEqual(readFileSync(preLog, 'utf8').trim().split('\n'), [first, bad]);
  });

  test('a JS ecosystem file that floods its output while loading is stopped, with a clear error', async () => {
    const flood = WorkRepo.create(t.dir, [], 'flood-repo');
    flood.commit('flood', { 'ecosystem.config.js': "process.stdout.write('x'.repeat(40 * 1024 * 1024));\nmodule.exports = { apps: [] };\n" });
    const added = await t.tend(['sync', 'add', 'flood', '--repo', flood.dir, '--path', 'ecosystem.config.js', '--interval', 'off']);
    assert.equal(added.code, 1, added.stdout + added.stderr);
    assert.match(added.stdout + added.stderr, /printed more than 16 MiB/);
  });
});
