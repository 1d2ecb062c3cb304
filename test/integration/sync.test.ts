// Git sync end to end with a real repository and a real daemon: commit 1 starts the apps, commit 2
// changes instances and env without restarting untouched apps, a commit whose build fails leaves
// the previous revision serving (and is not retried automatically), rollback suspends, resume
// re-applies the head, and sources survive a daemon restart.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeHome, waitFor, type TestHome } from '../support/daemon.js';
import { WorkRepo, ecosystemYaml, running, syncStatus, type AppDef } from '../support/sync-fixture.js';

describe('git sync: commits, build failure, rollback, resume', () => {
  let t: TestHome;
  let repo: WorkRepo;
  const first: AppDef[] = [{ name: 'web', greeting: 'hello' }, { name: 'jobs', instances: 1 }, { name: 'idle' }];
  const second: AppDef[] = [{ name: 'web', greeting: 'hi' }, { name: 'jobs', instances: 2 }, { name: 'idle' }];
  let commit2 = '';
  let commit4 = '';
  let afterCommit2 = new Map<string, { pids: number[] }>();

  before(() => {
    t = makeHome('tend-sync-');
    repo = WorkRepo.create(t.dir, first);
  });
  after(async () => {
    await t.cleanup();
  });

  const settled = (expected: Record<string, number>) =>
    waitFor(`apps online: ${JSON.stringify(expected)}`, async () => {
      const apps = await running(t);
      const ok = Object.entries(expected).every(([name, count]) => apps.get(name)?.online === count && apps.get(name)?.pids.length === count);
      return ok && apps.size === Object.keys(expected).length ? apps : null;
    });

  test('sync add applies commit 1: the apps start', async () => {
    const result = await t.tend(['sync', 'add', 'site', '--repo', repo.dir, '--path', 'ecosystem.yaml', '--interval', 'off', '--build', 'sh build.sh']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /\+ create web/);
    assert.match(result.stdout, /\+ create idle/);
    const apps = await settled({ web: 1, jobs: 1, idle: 1 });
    assert.equal(apps.get('web')?.greeting, 'hello');
    const status = await syncStatus(t, 'site');
    assert.equal(status.status, 'synced');
  });

  test('commit 2 changes instances and env; untouched apps keep their pids', async () => {
    const before = await running(t);
    commit2 = repo.commit('more jobs, new greeting', { 'ecosystem.yaml': ecosystemYaml(second) });
    const result = await t.tend(['sync', 'now', 'site']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /~ reload web/);
    assert.match(result.stdout, /env\.GREETING: "hello" → "hi"/);
    assert.match(result.stdout, /> scale jobs 1 → 2/);
    assert.doesNotMatch(result.stdout, /idle/);
    const apps = await settled({ web: 1, jobs: 2, idle: 1 });
    assert.deepEqual(apps.get('idle')?.pids, before.get('idle')?.pids, 'idle was not restarted');
    assert.ok(apps.get('jobs')?.pids.includes(before.get('jobs')?.pids[0] ?? -1), 'the first jobs instance was not restarted');
    assert.notDeepEqual(apps.get('web')?.pids, before.get('web')?.pids, 'web was reloaded');
    assert.equal(apps.get('web')?.greeting, 'hi');
    assert.equal((await syncStatus(t, 'site')).revision, commit2);
    afterCommit2 = apps;
  });

  test('a commit whose build fails leaves the previous revision serving, status failed, not retried', async () => {
    const bad = repo.commit('broken build', {
      'build.sh': 'echo "cannot compile widget" >&2\nexit 3\n',
      'ecosystem.yaml': ecosystemYaml([{ name: 'web', greeting: 'broken' }, { name: 'jobs', instances: 2 }, { name: 'idle' }]),
    });
    const result = await t.tend(['sync', 'now', 'site']);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stderr, /E_SYNC_BUILD/);
    const status = await syncStatus(t, 'site');
    assert.equal(status.status, 'failed');
    assert.equal(status.failure?.step, 'build');
    assert.equal(status.failure?.revision, bad);
    assert.match(status.failure?.message ?? '', /exited with 3.*cannot compile widget/);
    assert.equal(status.revision, commit2, 'commit 2 still applied');
    const apps = await running(t);
    for (const name of ['web', 'jobs', 'idle']) assert.deepEqual(apps.get(name)?.pids, afterCommit2.get(name)?.pids, `${name} untouched`);
    assert.equal(apps.get('web')?.greeting, 'hi');
    // An automatic trigger (a push) does not try the same bad revision again.
    const again = await t.tend(['sync', 'now', 'site', '--push']);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /failed at build and is not retried/);
    assert.doesNotMatch(again.stderr, /build: running/);
  });

  test('a new commit is picked up after a failure', async () => {
    commit4 = repo.commit('fixed build', {
      'build.sh': 'echo fixed\n',
      'ecosystem.yaml': ecosystemYaml([{ name: 'web', greeting: 'v4' }, { name: 'jobs', instances: 2 }, { name: 'idle' }]),
    });
    const result = await t.tend(['sync', 'now', 'site', '--push']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    await waitFor('web greets v4', async () => (await running(t)).get('web')?.greeting === 'v4');
    const status = await syncStatus(t, 'site');
    assert.equal(status.status, 'synced');
    assert.equal(status.revision, commit4);
    assert.equal(status.failure, null);
  });

  test('rollback applies the previous revision and suspends auto-sync until resume', async () => {
    const result = await t.tend(['sync', 'rollback', 'site']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /suspended/);
    await waitFor('web greets hi again', async () => (await running(t)).get('web')?.greeting === 'hi');
    let status = await syncStatus(t, 'site');
    assert.equal(status.revision, commit2);
    assert.equal(status.suspended, true);
    assert.equal(status.status, 'out-of-sync');
    const refused = await t.tend(['sync', 'now', 'site']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /E_SYNC_SUSPENDED/);
    const pushed = await t.tend(['sync', 'now', 'site', '--push']);
    assert.match(pushed.stdout, /suspended/);
    assert.equal((await syncStatus(t, 'site')).revision, commit2, 'a push does not undo the rollback');

    const resumed = await t.tend(['sync', 'resume', 'site']);
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    await waitFor('web greets v4 again', async () => (await running(t)).get('web')?.greeting === 'v4');
    status = await syncStatus(t, 'site');
    assert.equal(status.revision, commit4);
    assert.equal(status.suspended, false);
    assert.equal(status.status, 'synced');

    const history = await t.tend(['sync', 'history', 'site', '--json']);
    const outcomes = (JSON.parse(history.stdout) as { outcome: string; trigger: string }[]).map((item) => `${item.outcome}/${item.trigger}`);
    assert.deepEqual(outcomes, ['applied/add', 'applied/manual', 'failed/manual', 'applied/push', 'rolled-back/rollback', 'applied/resume']);
  });

  test('sources survive a daemon restart', async () => {
    await t.tend(['kill']);
    const list = await t.tend(['sync', 'list', '--json']);
    assert.equal(list.code, 0, list.stderr);
    const [source] = JSON.parse(list.stdout) as { name: string; revision: string }[];
    assert.equal(source?.name, 'site');
    assert.equal(source?.revision, commit4);
  });
});
