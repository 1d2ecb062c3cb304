// Watch against a real daemon and real files: a burst of changes is one restart, ignore_watch and
// the defaults are respected, settings changed by apply take effect without restarting the app, and
// `stop --watch` / `restart --watch` turn watching off and on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { daemonLogEntries, makeHome, waitFor, type JlistRecord, type TestHome } from '../support/daemon.js';

const idleApp = join(repoRoot, 'test/fixtures/monitor/idle.js');

interface LogLine {
  msg: string;
  app?: string;
  files?: string[];
  changed?: number;
}

function daemonLog(home: string, msg: string, app: string): LogLine[] {
  return daemonLogEntries<LogLine>(home).filter((line) => line.msg === msg && line.app === app);
}

function recordOf(list: JlistRecord[], name: string): JlistRecord {
  const record = list.find((r) => r.name === name);
  assert.ok(record, `${name} is listed`);
  return record;
}

describe('watch', () => {
  let t: TestHome;
  let appDir: string;
  let eco: string;

  /** Waits until the daemon has (re)started `count` watchers for the app in total. */
  const watcherReady = (app: string, count: number): Promise<true> =>
    waitFor(`watcher ${count} of ${app}`, () => daemonLog(t.home, 'watching', app).length >= count || null);

  const writeEcosystem = (apps: Array<Record<string, unknown>>): void => writeFileSync(eco, JSON.stringify({ apps }, null, 2));

  before(() => {
    t = makeHome('tend-watch-');
    appDir = join(t.dir, 'app');
    mkdirSync(join(appDir, 'node_modules'), { recursive: true });
    mkdirSync(join(appDir, '.git'), { recursive: true });
    mkdirSync(join(appDir, 'ignored'), { recursive: true });
    copyFileSync(idleApp, join(appDir, 'app.js'));
    eco = join(t.dir, 'ecosystem.json');
  });
  after(async () => {
    await t.cleanup();
  });

  test('a burst of 50 file changes is one restart; node_modules and .git are ignored by default', async () => {
    writeEcosystem([{ name: 'burst', script: 'app.js', cwd: appDir, watch: true }]);
    const started = await t.tend(['apply', eco, '--yes']);
    assert.equal(started.code, 0, started.stderr);
    await watcherReady('burst', 1);
    const before = recordOf(await t.jlist(), 'burst');
    assert.equal(before.pm2_env.watch, true);
    for (let i = 0; i < 50; i++) writeFileSync(join(appDir, `file-${i}.js`), `// ${i}\n`);
    const restarted = await waitFor('one restart', async () => {
      const record = recordOf(await t.jlist(), 'burst');
      return record.pm2_env.restart_time > before.pm2_env.restart_time && record.pm2_env.status === 'online' ? record : null;
    });
    // Changes under the default ignores, then one sentinel: its restart proves the others were seen and skipped.
    writeFileSync(join(appDir, 'node_modules', 'dep.js'), '// dep\n');
    writeFileSync(join(appDir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(appDir, 'sentinel.js'), '// sentinel\n');
    await waitFor('sentinel restart', async () => recordOf(await t.jlist(), 'burst').pm2_env.restart_time > restarted.pm2_env.restart_time || null);
    const restarts = daemonLog(t.home, 'files changed: restarting', 'burst');
    assert.equal(restarts.length, 2, 'one restart for the 50 files, one for the sentinel');
    assert.equal(restarts[0]?.changed, 50);
    assert.deepEqual(restarts[1]?.files, [join(appDir, 'sentinel.js')]);
    assert.equal(recordOf(await t.jlist(), 'burst').pm2_env.restart_time, before.pm2_env.restart_time + 2);
    await t.tend(['delete', 'burst', '-s']);
  });

  test('a git checkout touching 200 files is one restart (cluster mode: a reload)', async () => {
    const repo = join(t.dir, 'repo');
    mkdirSync(join(repo, 'src'), { recursive: true });
    const git = (...args: string[]): void => {
      const result = spawnSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
    };
    copyFileSync(idleApp, join(repo, 'app.js'));
    const writeAll = (version: string): void => {
      for (let i = 0; i < 200; i++) writeFileSync(join(repo, 'src', `m${i}.js`), `export const v = '${version}';\n`);
    };
    git('init', '-q', '-b', 'main');
    writeAll('one');
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    git('checkout', '-q', '-b', 'two');
    writeAll('two');
    git('commit', '-q', '-am', 'two');
    git('checkout', '-q', 'main');
    writeEcosystem([{ name: 'co', script: 'app.js', cwd: repo, watch: true, exec_mode: 'cluster', instances: 2 }]);
    const started = await t.tend(['apply', eco, '--yes']);
    assert.equal(started.code, 0, started.stderr);
    await watcherReady('co', 1);
    const before = (await t.jlist()).filter((r) => r.name === 'co');
    assert.equal(before.length, 2);
    git('checkout', '-q', 'two');
    await waitFor('both workers reloaded', async () => {
      const now = (await t.jlist()).filter((r) => r.name === 'co');
      return now.every((r) => r.pm2_env.status === 'online' && r.pm2_env.restart_time === 1) || null;
    });
    const restarts = daemonLog(t.home, 'files changed: restarting', 'co');
    assert.equal(restarts.length, 1, 'one restart for the whole checkout');
    assert.equal(restarts[0]?.changed, 200);
    await t.tend(['delete', 'co', '-s']);
  });

  test('ignore_watch is respected; watch settings changed by apply take effect live', async () => {
    writeEcosystem([{ name: 'ign', script: 'app.js', cwd: appDir, watch: true, ignore_watch: ['ignored', '*.tmp'] }]);
    const started = await t.tend(['apply', eco, '--yes']);
    assert.equal(started.code, 0, started.stderr);
    await watcherReady('ign', 1);
    const first = recordOf(await t.jlist(), 'ign');
    for (let i = 0; i < 10; i++) writeFileSync(join(appDir, 'ignored', `x-${i}.js`), '//\n');
    writeFileSync(join(appDir, 'scratch.tmp'), 'tmp\n');
    writeFileSync(join(appDir, 'sentinel.js'), '// again\n');
    await waitFor('sentinel restart', async () => recordOf(await t.jlist(), 'ign').pm2_env.restart_time > first.pm2_env.restart_time || null);
    assert.deepEqual(daemonLog(t.home, 'files changed: restarting', 'ign')[0]?.files, [join(appDir, 'sentinel.js')]);
    const second = recordOf(await t.jlist(), 'ign');

    // A new ignore list and watch_delay: a live change, the same process keeps running.
    writeEcosystem([{ name: 'ign', script: 'app.js', cwd: appDir, watch: true, ignore_watch: ['other'], watch_delay: 200 }]);
    const plan = await t.tend(['plan', eco]);
    assert.match(plan.stdout, /live/);
    const applied = await t.tend(['apply', eco, '--yes']);
    assert.equal(applied.code, 0, applied.stderr);
    await watcherReady('ign', 2);
    const third = recordOf(await t.jlist(), 'ign');
    assert.equal(third.pid, second.pid, 'apply of watch settings does not restart the app');
    assert.equal(third.pm2_env.restart_time, second.pm2_env.restart_time);
    writeFileSync(join(appDir, 'ignored', 'now-watched.js'), '//\n');
    await waitFor(
      'restart from a path no longer ignored',
      async () => recordOf(await t.jlist(), 'ign').pm2_env.restart_time > third.pm2_env.restart_time || null,
    );
    await t.tend(['delete', 'ign', '-s']);
  });

  test("the guide's example: watch [server, client], ignore_watch [node_modules, client/img] — client/img is ignored", async () => {
    const guideDir = join(t.dir, 'guide');
    for (const dir of ['server', 'client/img', 'node_modules']) mkdirSync(join(guideDir, dir), { recursive: true });
    copyFileSync(idleApp, join(guideDir, 'server', 'index.js'));
    writeEcosystem([{ name: 'guide', script: 'server/index.js', cwd: guideDir, watch: ['server', 'client'], ignore_watch: ['node_modules', 'client/img'] }]);
    const started = await t.tend(['apply', eco, '--yes']);
    assert.equal(started.code, 0, started.stderr);
    await watcherReady('guide', 1);
    const first = recordOf(await t.jlist(), 'guide');
    for (let i = 0; i < 5; i++) writeFileSync(join(guideDir, 'client', 'img', `logo-${i}.png`), 'png\n');
    writeFileSync(join(guideDir, 'client', 'app.js'), '// changed\n');
    await waitFor('restart from client/app.js', async () => recordOf(await t.jlist(), 'guide').pm2_env.restart_time > first.pm2_env.restart_time || null);
    assert.deepEqual(
      daemonLog(t.home, 'files changed: restarting', 'guide')[0]?.files,
      [join(guideDir, 'client', 'app.js')],
      'only the file outside client/img counted',
    );
    await t.tend(['delete', 'guide', '-s']);
  });

  test('stop --watch stops watching; restart --watch turns it back on', async () => {
    // Two apps watch the same directory: b's restart shows when a change has been processed.
    writeEcosystem([
      { name: 'wa', script: 'app.js', cwd: appDir, watch: true },
      { name: 'wb', script: 'app.js', cwd: appDir, watch: true },
    ]);
    const started = await t.tend(['apply', eco, '--yes']);
    assert.equal(started.code, 0, started.stderr);
    await watcherReady('wa', 1);
    await watcherReady('wb', 1);
    const stopped = await t.tend(['stop', 'wa', '--watch', '-s']);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.equal(recordOf(await t.jlist(), 'wa').pm2_env.status, 'stopped');
    const restarted = await t.tend(['restart', 'wa', '-s']);
    assert.equal(restarted.code, 0, restarted.stderr);
    const before = await waitFor('wa online, not watching', async () => {
      const list = await t.jlist();
      const wa = recordOf(list, 'wa');
      return wa.pm2_env.status === 'online' ? list : null;
    });
    assert.equal(recordOf(before, 'wa').pm2_env.watch, false);
    writeFileSync(join(appDir, 'change-1.js'), '//\n');
    await waitFor('wb restarted', async () => recordOf(await t.jlist(), 'wb').pm2_env.restart_time > recordOf(before, 'wb').pm2_env.restart_time || null);
    assert.equal(recordOf(await t.jlist(), 'wa').pm2_env.restart_time, recordOf(before, 'wa').pm2_env.restart_time, 'wa does not watch any more');
    assert.equal(daemonLog(t.home, 'files changed: restarting', 'wa').length, 0);

    const toggled = await t.tend(['restart', 'wa', '--watch', '-s']);
    assert.equal(toggled.code, 0, toggled.stderr);
    await watcherReady('wa', 2);
    const on = recordOf(await t.jlist(), 'wa');
    assert.equal(on.pm2_env.watch, true);
    writeFileSync(join(appDir, 'change-2.js'), '//\n');
    await waitFor('wa restarted by a change', async () => recordOf(await t.jlist(), 'wa').pm2_env.restart_time > on.pm2_env.restart_time || null);
  });
});
