// issue 23, git sync against real repositories, the real daemon and CLI: manual approval (pushes
// fetched, planned and shown, applied only by `tend sync now`; a webhook records and applies
// nothing), the drift a new commit reverts listed as plan steps with the reason `drift-reverted`
// (a hand scale, an env changed by `restart --update-env`), and the `degraded` notification of an
// app that stops serving after its revision was applied.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { makeHome, waitFor, type TestHome } from '../support/daemon.js';
import { WorkRepo, ecosystemYaml, running, syncStatus, postWebhook, signWebhook } from '../support/sync-fixture.js';

interface StepJson {
  action: string;
  app: string;
  reason: string;
  reasons: string[];
}
interface RunJson {
  outcome: string;
  revision: string | null;
  plan: { steps: StepJson[]; drift?: Record<string, string[]> } | null;
  source: { status: string; message: string; revision: string | null; head: string | null; pending: { revision: string; steps: StepJson[] } | null };
}

/** A local receiver of notifications: what each path received, in order. */
async function receiver(): Promise<{ server: Server; url: string; received: { path: string; body: string }[] }> {
  const received: { path: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

describe('git sync: manual approval, drift-reverted steps, degraded', () => {
  let t: TestHome;

  before(() => {
    t = makeHome('tend-sync-appr-');
  });
  after(async () => {
    await t.cleanup();
  });

  const json = async (args: string[]): Promise<RunJson> => {
    const result = await t.tend([...args, '--json']);
    assert.ok(result.stdout.trim().startsWith('{'), result.stdout + result.stderr);
    return JSON.parse(result.stdout) as RunJson;
  };

  test('manual approval: pushes are fetched and shown with their plan, applied only by sync now; a webhook applies nothing', async () => {
    const notices = await receiver();
    try {
      const repo = WorkRepo.create(t.dir, [{ name: 'gated', greeting: 'one' }], 'gated-repo');
      const added = await json([
        'sync',
        'add',
        'gated',
        '--repo',
        repo.dir,
        '--path',
        'ecosystem.yaml',
        '--interval',
        'off',
        '--approval',
        'manual',
        '--notify',
        `${notices.url}/hook`,
      ]);
      assert.equal(added.outcome, 'pending');
      assert.equal(added.source.revision, null, 'nothing applied');
      assert.deepEqual(
        added.plan?.steps.map((step) => `${step.action} ${step.app}`),
        ['create gated'],
      );
      assert.equal((await running(t)).has('gated'), false);
      const approved = await t.tend(['sync', 'now', 'gated']);
      assert.equal(approved.code, 0, approved.stdout + approved.stderr);
      assert.match(approved.stdout, /\+ create gated/);
      await waitFor('gated greets one', async () => (await running(t)).get('gated')?.greeting === 'one');

      const secretFile = join(t.dir, 'webhook.secret');
      writeFileSync(secretFile, 'approval secret\n');
      const served = await t.tend(['sync', 'webhook', '--port', '0', '--secret-file', secretFile]);
      const base = /POST (http:\/\/127\.0\.0\.1:\d+)\/sync\/<name>/.exec(served.stdout)?.[1];
      assert.ok(base, served.stdout + served.stderr);
      const applied = (await syncStatus(t, 'gated')).revision;
      const next = repo.commit('greet two', { 'ecosystem.yaml': ecosystemYaml([{ name: 'gated', greeting: 'two' }]) });
      const body = JSON.stringify({ ref: 'refs/heads/main' });
      assert.equal(await postWebhook(`${base}/sync/gated`, body, { 'x-tend-signature': signWebhook('approval secret', body) }), 202);
      const [view] = await waitFor('the pushed head pending', async () => {
        const views = JSON.parse((await t.tend(['sync', 'status', 'gated', '--json'])).stdout) as RunJson['source'][];
        return views[0]?.pending?.revision === next ? views : null;
      });
      assert.equal(view?.revision, applied, 'the webhook applied nothing');
      assert.equal(view?.status, 'out-of-sync');
      assert.match(view?.message ?? '', new RegExp(`awaits approval \\(1 step\\(s\\)\\); \`tend sync now gated --revision ${next.slice(0, 12)}\` applies it`));
      assert.deepEqual(
        view?.pending?.steps.map((step) => `${step.action} ${step.app}`),
        ['reload gated'],
      );
      const human = await t.tend(['sync', 'status', 'gated']);
      assert.match(human.stdout, new RegExp(`pending +${next.slice(0, 12)} +greet two`));
      assert.match(human.stdout, /~ reload gated \(spec-changed\)/);
      assert.equal((await running(t)).get('gated')?.greeting, 'one');
      await waitFor('the pending notification', () => notices.received.some((item) => item.body.includes('"pending"') && item.body.includes(next)));

      const diff = await json(['sync', 'diff', 'gated']);
      assert.equal(diff.outcome, 'preview');
      assert.equal(diff.revision, next);
      assert.equal(diff.source.revision, applied);

      // The branch moves after the plan of `next` was read: approving `next` applies no other commit.
      const moved = repo.commit('greet two, and a note', {
        'ecosystem.yaml': ecosystemYaml([{ name: 'gated', greeting: 'two' }]),
        'NOTES.md': 'not what was approved\n',
      });
      const refused = await t.tend(['sync', 'now', 'gated', '--revision', next.slice(0, 12)]);
      assert.equal(refused.code, 1, refused.stdout + refused.stderr);
      assert.match(
        refused.stderr,
        new RegExp(`E_SYNC_HEAD_MOVED: the head of 'gated' is now ${moved.slice(0, 12)}, not ${next.slice(0, 12)}: nothing was applied`),
      );
      assert.match(refused.stderr, new RegExp(`tend sync now gated --revision ${moved.slice(0, 12)}`));
      assert.equal((await syncStatus(t, 'gated')).revision, applied);
      assert.equal((await running(t)).get('gated')?.greeting, 'one');
      const notCommit = await t.tend(['sync', 'now', 'gated', '--revision', 'main']);
      assert.equal(notCommit.code, 1);
      assert.match(notCommit.stderr, /E_USAGE: --revision main is not a commit id/);

      const now = await json(['sync', 'now', 'gated', '--revision', moved.slice(0, 12)]);
      assert.equal(now.outcome, 'applied');
      assert.equal(now.source.revision, moved);
      assert.equal(now.source.pending, null);
      await waitFor('gated greets two', async () => (await running(t)).get('gated')?.greeting === 'two');

      // sync set turns approval off: the next push applies on its own.
      const set = await t.tend(['sync', 'set', 'gated', '--approval', 'auto']);
      assert.equal(set.code, 0, set.stdout + set.stderr);
      const third = repo.commit('greet three', { 'ecosystem.yaml': ecosystemYaml([{ name: 'gated', greeting: 'three' }]) });
      assert.equal(await postWebhook(`${base}/sync/gated`, body, { 'x-tend-signature': signWebhook('approval secret', body) }), 202);
      await waitFor('the webhook applied the third commit', async () => (await syncStatus(t, 'gated')).revision === third);
      assert.equal((await t.tend(['sync', 'webhook', '--stop'])).code, 0);
      assert.equal((await t.tend(['sync', 'remove', 'gated'])).code, 0);
    } finally {
      notices.server.close();
    }
  });

  test('a new commit over hand drift lists each reverted drift as a plan step with the reason drift-reverted', async () => {
    const repo = WorkRepo.create(t.dir, [{ name: 'steady', greeting: 'one' }, { name: 'tuned' }], 'drift-repo');
    const added = await t.tend(['sync', 'add', 'drifty', '--repo', repo.dir, '--path', 'ecosystem.yaml', '--interval', 'off']);
    assert.equal(added.code, 0, added.stdout + added.stderr);
    assert.equal((await t.tend(['scale', 'steady', '2'])).code, 0);
    const restarted = await t.tend(['restart', 'tuned', '--update-env'], { env: { TEND_HAND_SET: 'by hand' } });
    assert.equal(restarted.code, 0, restarted.stdout + restarted.stderr);
    await waitFor('tuned runs with the hand env', async () => (await t.jlist()).find((r) => r.name === 'tuned')?.pm2_env.env.TEND_HAND_SET === 'by hand');
    const next = repo.commit('greet two', { 'ecosystem.yaml': ecosystemYaml([{ name: 'steady', greeting: 'two' }, { name: 'tuned' }]) });

    const check = (plan: RunJson['plan'], where: string): void => {
      const steps = new Map(plan?.steps.map((step) => [step.app, step]));
      assert.ok(steps.get('steady')?.reasons.includes('drift-reverted'), `${where}: steady ${JSON.stringify(steps.get('steady'))}`);
      assert.ok(steps.get('steady')?.reasons.includes('spec-changed'), where);
      assert.equal(steps.get('tuned')?.reason, 'drift-reverted', `${where}: tuned ${JSON.stringify(steps.get('tuned'))}`);
      assert.equal(steps.get('tuned')?.reasons.includes('forced'), false, where);
      assert.match((plan?.drift?.steady ?? []).join(), /instances 1 → 2 \(scaled by hand\)/, where);
      assert.match((plan?.drift?.tuned ?? []).join(), /env .*TEND_HAND_SET.* changed by hand/, where);
    };
    const diff = await json(['sync', 'diff', 'drifty']);
    check(diff.plan, 'sync diff');
    const humanDiff = await t.tend(['sync', 'diff', 'drifty']);
    assert.match(humanDiff.stdout, /~ reload tuned \(drift reverted/);
    assert.match(humanDiff.stdout, /tuned drift reverted: env .*TEND_HAND_SET/);

    const now = await json(['sync', 'now', 'drifty']);
    assert.equal(now.outcome, 'applied');
    assert.equal(now.revision, next);
    check(now.plan, 'sync now');
    const after = await t.jlist();
    assert.equal(after.filter((record) => record.name === 'steady').length, 1);
    assert.equal(after.find((record) => record.name === 'tuned')?.pm2_env.env.TEND_HAND_SET, undefined, 'the hand env is gone');
    const history = JSON.parse((await t.tend(['sync', 'history', 'drifty', '--json'])).stdout) as { steps?: { app: string; reasons: string[] }[] }[];
    assert.deepEqual(
      history
        .at(-1)
        ?.steps?.filter((step) => step.reasons.includes('drift-reverted'))
        .map((step) => step.app)
        .sort(),
      ['steady', 'tuned'],
    );
    const humanHistory = await t.tend(['sync', 'history', 'drifty']);
    assert.match(humanHistory.stdout, /~ reload tuned \(drift-reverted\)/);
    assert.equal((await syncStatus(t, 'drifty')).status, 'synced', 'no drift left');
    assert.equal((await t.tend(['sync', 'remove', 'drifty'])).code, 0);
  });

  test('an app that crash-loops after its revision was applied sends a degraded notification (JSON and Slack)', async () => {
    const notices = await receiver();
    try {
      const marker = join(t.dir, 'make-it-crash');
      const repo = WorkRepo.create(t.dir, [], 'degraded-repo');
      repo.commit('a fragile app', {
        'fragile.js': `const fs = require('node:fs');\nsetInterval(() => { if (fs.existsSync(${JSON.stringify(marker)})) process.exit(3); }, 100);\n`,
        'ecosystem.yaml': 'apps:\n  - name: fragile\n    script: fragile.js\n    min_uptime: 500\n    max_restarts: 4\n',
      });
      const args = ['sync', 'add', 'fragile', '--repo', repo.dir, '--path', 'ecosystem.yaml', '--interval', 'off'];
      const added = await t.tend([...args, '--notify', `${notices.url}/hook`, '--notify-slack', `${notices.url}/slack`]);
      assert.equal(added.code, 0, added.stdout + added.stderr);
      await waitFor('the applied notification', () => notices.received.some((item) => item.path === '/hook' && item.body.includes('"applied"')));
      assert.equal(
        notices.received.some((item) => item.body.includes('degraded')),
        false,
      );
      writeFileSync(marker, '');
      const degraded = await waitFor('the degraded notification', () =>
        notices.received.find((item) => item.path === '/hook' && item.body.includes('"event":"degraded"')),
      );
      assert.match(degraded.body, /fragile (crash-loops|errored)/);
      await waitFor('the Slack line', () => notices.received.some((item) => item.path === '/slack' && /fragile: degraded/.test(item.body)));
      assert.equal((await t.tend(['sync', 'remove', 'fragile'])).code, 0);
      // Told once per app and applied revision.
      assert.equal(notices.received.filter((item) => item.path === '/hook' && item.body.includes('"event":"degraded"')).length, 1);
    } finally {
      notices.server.close();
    }
  });
});
