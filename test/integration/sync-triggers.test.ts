// Git sync triggers and drift: the HMAC webhook (good signature syncs; bad, missing or unknown do
// not), `git push` to a bare repository with the post-receive hook (the pusher sees the plan and
// the apps change), drift reported without --self-heal, and a hand scale reverted with it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { makeHome, waitFor, type TestHome } from '../support/daemon.js';
import { WorkRepo, ecosystemYaml, git, running, syncStatus, postWebhook, signWebhook } from '../support/sync-fixture.js';

function postFull(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `git push`, with the hook's output (git relays it as `remote:` lines on stderr). */
function push(cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GIT_')));
    const child = spawn('git', ['push', 'origin', 'main'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

describe('git sync triggers: webhook, push hook, drift and self-heal', () => {
  let t: TestHome;

  before(() => {
    t = makeHome('tend-sync-trig-');
  });
  after(async () => {
    await t.cleanup();
  });

  test('webhook: a good signature syncs; a bad or missing one gets 401 and no sync; an unknown source 404', async () => {
    const repo = WorkRepo.create(t.dir, [{ name: 'hooked', greeting: 'one' }], 'webhook-repo');
    const added = await t.tend(['sync', 'add', 'hooked', '--repo', repo.dir, '--path', 'ecosystem.yaml', '--interval', 'off']);
    assert.equal(added.code, 0, added.stdout + added.stderr);
    const secretFile = join(t.dir, 'webhook.secret');
    const secret = 'correct horse battery staple';
    writeFileSync(secretFile, `${secret}\n`);
    const served = await t.tend(['sync', 'webhook', '--port', '0', '--secret-file', secretFile]);
    assert.equal(served.code, 0, served.stdout + served.stderr);
    const base = /POST (http:\/\/127\.0\.0\.1:\d+)\/sync\/<name>/.exec(served.stdout)?.[1];
    assert.ok(base, served.stdout);

    const commit2 = repo.commit('greet two', { 'ecosystem.yaml': ecosystemYaml([{ name: 'hooked', greeting: 'two' }]) });
    const body = JSON.stringify({ ref: 'refs/heads/main', after: commit2 });
    assert.equal(await postWebhook(`${base}/sync/hooked`, body, { 'x-hub-signature-256': signWebhook('wrong secret', body) }), 401);
    assert.equal(await postWebhook(`${base}/sync/hooked`, body, {}), 401);
    assert.equal(
      await postWebhook(`${base}/sync/hooked`, `${body} `, { 'x-hub-signature-256': signWebhook(secret, body) }),
      401,
      'the signature covers the raw body',
    );
    const unsynced = await syncStatus(t, 'hooked');
    assert.notEqual(unsynced.revision, commit2, 'no sync after a bad signature');
    assert.equal(unsynced.status, 'synced');
    assert.equal(await postWebhook(`${base}/sync/nope`, body, { 'x-hub-signature-256': signWebhook(secret, body) }), 404);

    assert.equal(await postWebhook(`${base}/sync/hooked`, body, { 'x-tend-signature': signWebhook(secret, body) }), 202);
    await waitFor('the webhook sync applied commit 2', async () => (await syncStatus(t, 'hooked')).revision === commit2);
    await waitFor('hooked greets two', async () => (await running(t)).get('hooked')?.greeting === 'two');
    const history = JSON.parse((await t.tend(['sync', 'history', 'hooked', '--json'])).stdout) as { trigger: string }[];
    assert.deepEqual(
      history.map((item) => item.trigger),
      ['add', 'webhook'],
    );

    // issue 23: a push to a branch the source does not follow is not its sync; a delivery is taken once.
    const feature = JSON.stringify({ ref: 'refs/heads/feature' });
    const ignored = await postFull(`${base}/sync/hooked`, feature, { 'x-hub-signature-256': signWebhook(secret, feature) });
    assert.equal(ignored.status, 202);
    assert.match(ignored.body, /"ignored"/);
    const delivered = JSON.stringify({ ref: 'refs/heads/main' });
    const once = { 'x-hub-signature-256': signWebhook(secret, delivered), 'x-github-delivery': 'delivery-1' };
    const taken = await postFull(`${base}/sync/hooked`, delivered, once);
    assert.equal(taken.status, 202);
    assert.match(taken.body, /"queued"/);
    assert.equal((await postFull(`${base}/sync/hooked`, delivered, once)).status, 409, 'a replayed delivery is refused');
  });

  test('git push to a bare repository with the hook prints the plan and the apps change', async () => {
    const work = WorkRepo.create(t.dir, [{ name: 'pushed', instances: 1 }], 'push-work');
    const bare = join(t.dir, 'push.git');
    git(t.dir, ['init', '-q', '--bare', bare]);
    git(work.dir, ['remote', 'add', 'origin', bare]);
    git(work.dir, ['push', '-q', 'origin', 'main']);
    const added = await t.tend(['sync', 'add', 'pushed', '--repo', bare, '--path', 'ecosystem.yaml', '--interval', 'off']);
    assert.equal(added.code, 0, added.stdout + added.stderr);
    const installed = await t.tend(['sync', 'hook', 'install', bare, 'pushed']);
    assert.equal(installed.code, 0, installed.stdout + installed.stderr);
    assert.match(installed.stdout, /post-receive/);
    const before = await running(t);

    work.commit('two pushed', { 'ecosystem.yaml': ecosystemYaml([{ name: 'pushed', instances: 2 }]) });
    const pushed = await push(work.dir);
    assert.equal(pushed.code, 0, pushed.output);
    assert.match(pushed.output, /remote: Plan for pushed at [0-9a-f]{12}/);
    assert.match(pushed.output, /remote: > scale pushed 1 → 2/);
    assert.match(pushed.output, /remote: pushed: [0-9a-f]{12} applied/);
    const apps = await waitFor('two pushed instances', async () => {
      const now = await running(t);
      return now.get('pushed')?.online === 2 ? now : null;
    });
    assert.ok(apps.get('pushed')?.pids.includes(before.get('pushed')?.pids[0] ?? -1), 'the first instance kept running');
  });

  test('without --self-heal a hand scale is reported as drift and left alone', async () => {
    const scaled = await t.tend(['scale', 'pushed', '3']);
    assert.equal(scaled.code, 0, scaled.stderr);
    const result = await t.tend(['sync', 'now', 'pushed']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /drift/);
    const status = await syncStatus(t, 'pushed');
    assert.equal(status.status, 'out-of-sync');
    assert.deepEqual(status.drift, [{ app: 'pushed', detail: 'instances 2 → 3 (scaled by hand)' }]);
    assert.equal((await running(t)).get('pushed')?.pids.length, 3);
  });

  test('--self-heal reverts a hand scale at the next poll', async () => {
    const repo = WorkRepo.create(t.dir, [{ name: 'healed', instances: 2 }], 'heal-repo');
    const added = await t.tend(['sync', 'add', 'healer', '--repo', repo.dir, '--path', 'ecosystem.yaml', '--interval', '1s', '--self-heal']);
    assert.equal(added.code, 0, added.stdout + added.stderr);
    await waitFor('two healed instances', async () => (await running(t)).get('healed')?.online === 2);
    const scaled = await t.tend(['scale', 'healed', '4']);
    assert.equal(scaled.code, 0, scaled.stderr);
    await waitFor('back to two healed instances', async () => {
      const app = (await running(t)).get('healed');
      return app?.pids.length === 2 && app.online === 2;
    });
    // The poll may catch the scale half done (starts wait for min_uptime): 2 → 3 or 2 → 4.
    await waitFor('history records the self-heal', async () => {
      const history = JSON.parse((await t.tend(['sync', 'history', 'healer', '--json'])).stdout) as { outcome: string; message: string }[];
      return history.some((item) => item.outcome === 'self-healed' && /healed: instances 2 → [34]/.test(item.message));
    });
    const deleted = await t.tend(['delete', 'healed']);
    assert.equal(deleted.code, 0, deleted.stderr);
    await waitFor('a deleted app comes back', async () => (await running(t)).get('healed')?.online === 2);
    // Polled every second: a poll may be running (progressing) when status is asked.
    await waitFor('healer synced', async () => (await syncStatus(t, 'healer')).status === 'synced');
    // Once healed, later polls find nothing to revert (the recreated app has the source's env).
    const historyOf = async () => JSON.parse((await t.tend(['sync', 'history', 'healer', '--json'])).stdout) as unknown[];
    const healed = (await historyOf()).length;
    const polledAt = async () => (JSON.parse((await t.tend(['sync', 'status', 'healer', '--json'])).stdout) as { lastSyncAt: number }[])[0]?.lastSyncAt ?? 0;
    const since = await polledAt();
    await waitFor('two more polls', async () => (await polledAt()) > since + 1000);
    assert.equal((await historyOf()).length, healed, 'no further self-heal');
  });

  test('sync remove deletes the source and its apps; --keep-apps leaves them running', async () => {
    const removed = await t.tend(['sync', 'remove', 'healer']);
    assert.equal(removed.code, 0, removed.stdout + removed.stderr);
    assert.match(removed.stdout, /Deleted: healed/);
    const kept = await t.tend(['sync', 'remove', 'pushed', '--keep-apps']);
    assert.equal(kept.code, 0, kept.stdout + kept.stderr);
    const apps = await running(t);
    assert.equal(apps.has('healed'), false);
    assert.equal(apps.get('pushed')?.online, 3);
    const list = JSON.parse((await t.tend(['sync', 'list', '--json'])).stdout) as { name: string }[];
    assert.deepEqual(
      list.map((source) => source.name),
      ['hooked'],
    );
    const missing = await t.tend(['sync', 'status', 'healer']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /E_SYNC_NOT_FOUND/);
  });
});
