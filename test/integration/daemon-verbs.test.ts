// PM2's verbs against a real daemon and real processes: start, list, jlist shape, targets,
// stop/restart/delete, crash of the daemon (SIGKILL) and restore, save/kill/resurrect.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { isAlive, makeHome, waitFor, type TestHome } from '../support/daemon.js';

const ticker = join(repoRoot, 'test/fixtures/daemon/ticker.js');

describe('daemon verbs', () => {
  let t: TestHome;
  before(() => {
    t = makeHome();
  });
  after(async () => {
    await t.cleanup();
  });

  test('start a script, see it online in ls and jlist with PM2 shape', async () => {
    const started = await t.tend(['start', ticker, '--name', 'tick', '--namespace', 'workers', '-i', '2', '-x']);
    assert.equal(started.code, 0, started.stderr);
    const records = await waitFor('2 online', async () => {
      const list = await t.jlist();
      return list.filter((r) => r.name === 'tick' && r.pm2_env.status === 'online').length === 2 ? list : null;
    });
    const first = records[0];
    assert.ok(first);
    assert.equal(typeof first.pid, 'number');
    assert.equal(first.pm2_env.namespace, 'workers');
    assert.equal(first.pm2_env.exec_mode, 'fork_mode');
    assert.equal(first.pm2_env.env.name, 'tick');
    assert.equal(first.pm2_env.env.pm_id, String(first.pm_id));
    assert.ok('monit' in first && typeof first.monit.memory === 'number');
    for (const key of [
      'restart_time',
      'unstable_restarts',
      'pm_uptime',
      'created_at',
      'pm_exec_path',
      'pm_cwd',
      'pm_out_log_path',
      'pm_err_log_path',
      'exec_interpreter',
      'node_args',
      'args',
      'instances',
    ]) {
      assert.ok(key in first.pm2_env, `pm2_env.${key}`);
    }
    const ls = await t.tend(['ls']);
    assert.equal(ls.code, 0);
    assert.match(ls.stdout, /tick/);
    assert.match(ls.stdout, /online/);
  });

  test('starting the same script again is refused; -f starts another copy', async () => {
    const again = await t.tend(['start', ticker, '--name', 'tick']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /E_ALREADY_RUNNING/);
  });

  test('targets: id, name, /regex/, namespace, all; unknown → E_APP_NOT_FOUND', async () => {
    const records = await t.jlist();
    const id = records.find((r) => r.name === 'tick')?.pm_id;
    assert.notEqual(id, undefined);
    let result = await t.tend(['stop', String(id)]);
    assert.equal(result.code, 0, result.stderr);
    await waitFor('one stopped', async () => (await t.jlist()).some((r) => r.pm_id === id && r.pm2_env.status === 'stopped'));
    result = await t.tend(['restart', '/ti.k/']);
    assert.equal(result.code, 0, result.stderr);
    await waitFor('both online', async () => (await t.jlist()).filter((r) => r.pm2_env.status === 'online').length === 2);
    result = await t.tend(['stop', 'workers']);
    assert.equal(result.code, 0, result.stderr);
    await waitFor('all stopped', async () => (await t.jlist()).every((r) => r.pm2_env.status === 'stopped'));
    result = await t.tend(['restart', 'all']);
    assert.equal(result.code, 0, result.stderr);
    await waitFor('all online', async () => (await t.jlist()).every((r) => r.pm2_env.status === 'online'));
    result = await t.tend(['stop', 'nosuchapp']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /error E_APP_NOT_FOUND: no app matches 'nosuchapp'/);
    assert.match(result.stderr, /hint: /);
  });

  test('daemon killed with SIGKILL: the next command brings every app back, no orphan left', async () => {
    const before = await t.jlist();
    const oldPids = before.map((r) => r.pid);
    const daemon = t.daemonPid();
    assert.ok(daemon);
    process.kill(daemon, 'SIGKILL');
    await waitFor('daemon gone', () => !isAlive(daemon));
    const ls = await t.tend(['ls']);
    assert.equal(ls.code, 0, ls.stderr);
    assert.match(ls.stderr, /brought back 1 app\(s\): tick/);
    const after = await waitFor('restored online', async () => {
      const list = await t.jlist();
      return list.length === 2 && list.every((r) => r.pm2_env.status === 'online') ? list : null;
    });
    assert.deepEqual(
      after.map((r) => [r.pm_id, r.name]),
      before.map((r) => [r.pm_id, r.name]),
    );
    for (const pid of oldPids) await waitFor(`orphan ${pid} gone`, () => !isAlive(pid));
  });

  test('save → kill → resurrect restores the apps', async () => {
    const saved = await t.tend(['save']);
    assert.equal(saved.code, 0, saved.stderr);
    const killed = await t.tend(['kill']);
    assert.equal(killed.code, 0, killed.stderr);
    const empty = await t.jlist();
    assert.equal(empty.length, 0);
    const resurrected = await t.tend(['resurrect']);
    assert.equal(resurrected.code, 0, resurrected.stderr);
    await waitFor('resurrected', async () => (await t.jlist()).filter((r) => r.name === 'tick' && r.pm2_env.status === 'online').length === 2);
    const again = await t.tend(['resurrect']);
    assert.equal(again.code, 0);
    assert.equal((await t.jlist()).length, 2, 'resurrect skips apps already running');
  });

  test('update hands the apps over to a new daemon: same ids, new processes, nothing lost', async () => {
    const before = await t.jlist();
    const oldDaemon = t.daemonPid();
    const result = await t.tend(['update']);
    assert.equal(result.code, 0, result.stderr);
    assert.notEqual(t.daemonPid(), oldDaemon);
    const after = await waitFor('apps back online', async () => {
      const list = await t.jlist();
      return list.length === before.length && list.every((r) => r.pm2_env.status === 'online') ? list : null;
    });
    assert.deepEqual(
      after.map((r) => [r.pm_id, r.name]),
      before.map((r) => [r.pm_id, r.name]),
    );
  });

  test('reload of a single fork-mode instance says it is a restart', async () => {
    const started = await t.tend(['start', join(repoRoot, 'test/fixtures/daemon/graceful.js'), '--name', 'solo']);
    assert.equal(started.code, 0, started.stderr);
    const reloaded = await t.tend(['reload', 'solo']);
    assert.equal(reloaded.code, 0, reloaded.stderr);
    assert.match(reloaded.stderr, /solo run\(s\) one fork-mode instance: the reload was a restart/);
    assert.equal((await t.tend(['delete', 'solo'])).code, 0);
  });

  test('pid_file holds the pid of a running instance and goes away when it stops', async () => {
    const pidFile = join(t.dir, 'run', 'pf.pid');
    assert.equal((await t.tend(['start', join(repoRoot, 'test/fixtures/daemon/on-signal.js'), '--name', 'pf', '--pid', pidFile, '-s'])).code, 0);
    const record = await waitFor('pf online', async () => (await t.jlist()).find((r) => r.name === 'pf' && r.pm2_env.status === 'online'));
    const written = join(t.dir, 'run', `pf-${record.pm_id}.pid`);
    assert.equal(readFileSync(written, 'utf8').trim(), String(record.pid));
    assert.equal((await t.tend(['stop', 'pf', '-s'])).code, 0);
    await waitFor('pid file removed', () => !existsSync(written));
    assert.equal((await t.tend(['delete', 'pf', '-s'])).code, 0);
  });

  test('status FILE tells in sync, out of sync, missing and extra apps; exits 0 in sync, 2 out of sync', async () => {
    const file = join(t.dir, 'status.yaml');
    const app = (name: string, greeting: string): string => `  - name: ${name}\n    script: ${ticker}\n    env:\n      GREETING: ${greeting}\n`;
    writeFileSync(file, `apps:\n${app('same', 'a')}${app('edited', 'a')}${app('dropped', 'a')}`);
    assert.equal((await t.tend(['apply', file])).code, 0);
    const synced = await t.tend(['status', file]);
    assert.equal(synced.code, 0, `in sync exits 0: ${synced.stdout}${synced.stderr}`);
    writeFileSync(file, `apps:\n${app('same', 'a')}${app('edited', 'b')}${app('added', 'a')}`);
    const status = await t.tend(['status', file]);
    assert.equal(status.code, 2, `out of sync exits 2: ${status.stderr}`);
    assert.match(status.stdout, /in sync +same/);
    assert.match(status.stdout, /out of sync +edited +\/env\/GREETING/);
    assert.match(status.stdout, /missing +added/);
    assert.match(status.stdout, /extra +dropped/);
    assert.equal((await t.tend(['delete', 'same', 'edited', 'dropped'])).code, 0);
  });

  test('delete removes the app and its processes', async () => {
    const pids = (await t.jlist()).map((r) => r.pid);
    const result = await t.tend(['delete', 'tick']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((await t.jlist()).length, 0);
    for (const pid of pids) await waitFor(`pid ${pid} gone`, () => !isAlive(pid));
  });
});
