// Fork mode lifecycle with real processes: readiness, stopping (kill_timeout, process trees,
// shutdown_with_message), injected env, IPC, uid, orphan cleanup after a daemon crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { TendError } from '../../src/errors/index.js';
import { startTimeOf } from '../../src/daemon/process/proc.js';
import { Supervisor } from '../../src/daemon/process/supervisor.js';
import { createHarness, fixture, isAlive, makeSpec } from '../support/supervisor-harness.js';

const isCode =
  (code: string) =>
  (error: unknown): boolean => {
    assert.ok(error instanceof TendError, String(error));
    assert.equal(error.code, code, error.message);
    return true;
  };

test('wait_ready: online only once the app sends ready', async () => {
  const h = createHarness();
  try {
    const spec = makeSpec('ready', 'wait-ready.cjs', { wait_ready: true, env: { READY_AFTER_MS: '300' } });
    const launching = h.supervisor.launch({ pm_id: 0, index: 0, spec, baseEnv: {} });
    await h.waitFor('launching', () => h.events.some((e) => e.kind === 'launching'));
    assert.equal(h.supervisor.get(0)?.status, 'launching');
    const info = await launching;
    assert.equal(info.status, 'online');
    assert.ok(info.pid !== null && isAlive(info.pid));
    assert.ok(info.pid_start !== null && info.pid_start === startTimeOf(info.pid));
  } finally {
    await h.close();
  }
});

test('wait_ready timeout with nothing to fall back to: rejected as not ready, the process kept running', async () => {
  const h = createHarness();
  try {
    const spec = makeSpec('silent', 'never-ready.cjs', { wait_ready: true, listen_timeout: 500 });
    await assert.rejects(
      h.supervisor.launch({ pm_id: 0, index: 0, spec, baseEnv: {} }),
      (error: unknown) =>
        isCode('E_NOT_READY')(error) &&
        /silent \(id 0\) did not send 'ready' within listen_timeout \(500 ms\): it keeps running/.test((error as Error).message),
    );
    const info = h.supervisor.get(0);
    assert.equal(info?.status, 'online');
    assert.ok(info.pid !== null && isAlive(info.pid), 'the process runs');
  } finally {
    await h.close();
  }
});

test('an app that exits before it is ready fails with its exit code and last stderr line', async () => {
  const h = createHarness();
  try {
    const spec = makeSpec('early', 'crasher.cjs', { wait_ready: true, env: { EXIT_CODE: '7' } });
    await assert.rejects(
      h.supervisor.launch({ pm_id: 0, index: 0, spec, baseEnv: {} }),
      (error: unknown) =>
        isCode('E_START_FAILED')(error) &&
        /early \(id 0\) exited with code 7 before it was ready: crasher: giving up with code 7/.test((error as Error).message),
    );
    assert.equal(h.supervisor.get(0)?.status, 'errored');
    const missing = makeSpec('missing', 'crasher.cjs', { interpreter: '/nonexistent/interpreter' });
    await assert.rejects(
      h.supervisor.launch({ pm_id: 1, index: 0, spec: missing, baseEnv: {} }),
      (error: unknown) => isCode('E_START_FAILED')(error) && /ENOENT/.test((error as Error).message),
    );
  } finally {
    await h.close();
  }
});

test('an app that ignores SIGINT is killed after kill_timeout', async () => {
  const h = createHarness();
  try {
    const spec = makeSpec('stubborn', 'ignores-sigint.cjs', { wait_ready: true, kill_timeout: 500 });
    const { pid } = await h.supervisor.launch({ pm_id: 0, index: 0, spec, baseEnv: {} });
    const started = Date.now();
    const info = await h.supervisor.stop(0);
    assert.ok(Date.now() - started >= 490, 'waited kill_timeout');
    assert.equal(info.status, 'stopped');
    assert.equal(info.exit_signal, 'SIGKILL');
    assert.ok(pid !== null && !isAlive(pid));
    await h.waitFor('the app saw SIGINT', () => h.lines.some((l) => l.line === 'SIGINT ignored'));
  } finally {
    await h.close();
  }
});

test("an app's child processes die with it, also one that left the process group", async () => {
  const h = createHarness();
  try {
    await h.supervisor.launch({ pm_id: 0, index: 0, spec: makeSpec('parent', 'spawns-children.cjs'), baseEnv: {} });
    const { children } = (await h.message(0, (data) => Array.isArray(data.children))) as { children: number[] };
    assert.equal(children.length, 2);
    for (const child of children) assert.ok(isAlive(child));
    await h.supervisor.stop(0);
    await h.waitFor('children gone', () => children.every((child) => !isAlive(child)), 5000);
  } finally {
    await h.close();
  }
});

test('shutdown_with_message stops an app with the IPC message instead of a signal', async () => {
  const h = createHarness();
  try {
    const spec = makeSpec('polite', 'shutdown-message.cjs', { wait_ready: true, shutdown_with_message: true, kill_timeout: 5000 });
    await h.supervisor.launch({ pm_id: 0, index: 0, spec, baseEnv: {} });
    const info = await h.supervisor.stop(0);
    assert.equal(info.exit_code, 0);
    assert.equal(info.exit_signal, null);
    await h.waitFor('shutdown message logged', () => h.lines.some((l) => l.line === 'got shutdown message'));
  } finally {
    await h.close();
  }
});

test("injected env: the caller's env filtered, the app's env over it, tend's fields over both", async () => {
  const h = createHarness();
  try {
    const spec = makeSpec('envy', 'env-dump.cjs', {
      instances: 3,
      filter_env: ['SECRET'],
      increment_var: 'PORT',
      namespace: 'team',
      env: { pm_id: '999', name: 'impostor', NODE_APP_INSTANCE: '9', TEND_HOME: '/elsewhere', PORT: '4000', FROM_APP: 'app', SHARED: 'app' },
    });
    const baseEnv = { FROM_CALLER: 'caller', SHARED: 'caller', MY_SECRET_TOKEN: 'hidden', NODE_CHANNEL_FD: '99', NODE_UNIQUE_ID: '3' };
    const info = await h.supervisor.launch({ pm_id: 5, index: 2, spec, baseEnv });
    const { env } = (await h.message(5, (data) => typeof data.env === 'object')) as { env: Record<string, string> };
    assert.equal(env.pm_id, '5');
    assert.equal(env.name, 'envy');
    assert.equal(env.namespace, 'team');
    assert.equal(env.NODE_APP_INSTANCE, '2');
    assert.equal(env.PORT, '4002');
    assert.equal(env.TEND_HOME, h.home);
    assert.equal(env.exec_mode, 'fork_mode');
    assert.equal(env.instances, '3');
    assert.equal(env.pm_exec_path, spec.script);
    assert.equal(env.pm_cwd, spec.cwd);
    assert.equal(env.pm_out_log_path, info.logs.out);
    assert.equal(env.pm_err_log_path, info.logs.err);
    assert.equal(env.FROM_CALLER, 'caller');
    assert.equal(env.FROM_APP, 'app');
    assert.equal(env.SHARED, 'app');
    assert.equal(readlinkSync(`/proc/${info.pid}/cwd`), spec.cwd.replace(/\/$/, ''));
    assert.equal(env.MY_SECRET_TOKEN, undefined);
    assert.equal(env.NODE_UNIQUE_ID, undefined);
    assert.deepEqual(
      info.env,
      Object.fromEntries(Object.entries(env).filter(([key]) => key !== 'NODE_CHANNEL_FD' && key !== 'NODE_CHANNEL_SERIALIZATION_MODE')),
    );

    // filter_env: true passes nothing of the caller's environment.
    // Cleared first: the new process reports its env while its start is still being watched.
    h.messages.length = 0;
    await h.supervisor.restart(5, { spec: { ...spec, filter_env: true }, baseEnv });
    const { env: bare } = (await h.message(5, (data) => typeof data.env === 'object')) as { env: Record<string, string> };
    assert.equal(bare.FROM_CALLER, undefined);
    assert.equal(bare.FROM_APP, 'app');
    assert.equal(h.supervisor.get(5)?.restart_time, 1);
  } finally {
    await h.close();
  }
});

test('cluster workers get the same injected env, without the daemon environment', async () => {
  const h = createHarness();
  try {
    process.env.TEND_TEST_DAEMON_ONLY = 'daemon';
    const spec = makeSpec('cenv', 'env-dump.cjs', { exec_mode: 'cluster', instance_var: 'INSTANCE_ID', env: { FROM_APP: 'app' } });
    await h.supervisor.launch({ pm_id: 1, index: 0, spec, baseEnv: { FROM_CALLER: 'caller' } });
    const { env } = (await h.message(1, (data) => typeof data.env === 'object')) as { env: Record<string, string> };
    assert.equal(env.pm_id, '1');
    assert.equal(env.INSTANCE_ID, '0');
    assert.equal(env.NODE_APP_INSTANCE, undefined);
    assert.equal(env.exec_mode, 'cluster_mode');
    assert.equal(env.FROM_CALLER, 'caller');
    assert.equal(env.TEND_TEST_DAEMON_ONLY, undefined);
    assert.equal(readlinkSync(`/proc/${h.supervisor.get(1)?.pid}/cwd`), spec.cwd.replace(/\/$/, ''));
  } finally {
    delete process.env.TEND_TEST_DAEMON_ONLY;
    await h.close();
  }
});

test('sendMessage reaches a Node app; messages it sends become events; other programs have no channel', async () => {
  const h = createHarness();
  try {
    await h.supervisor.launch({ pm_id: 0, index: 0, spec: makeSpec('talker', 'env-dump.cjs'), baseEnv: {} });
    assert.equal(await h.supervisor.sendMessage(0, { hello: 'app' }), true);
    assert.deepEqual(await h.message(0, (data) => 'echo' in data), { echo: { hello: 'app' } });
    assert.equal(h.messages.find((m) => 'echo' in (m.data as object))?.name, 'talker');
    const sleeper = makeSpec('sleeper', 'sleep', { interpreter: 'none', script: 'sleep', args: ['30'] });
    await h.supervisor.launch({ pm_id: 1, index: 0, spec: sleeper, baseEnv: { PATH: process.env.PATH ?? '' } });
    assert.equal(await h.supervisor.sendMessage(1, 'hi'), false);
    h.supervisor.signal(1, 'SIGTERM');
    await h.waitFor('killed by the signal', () => h.supervisor.get(1)?.exit_signal === 'SIGTERM');
    assert.throws(() => h.supervisor.signal(0, 'SIGNOPE'), isCode('E_UNKNOWN_SIGNAL'));
  } finally {
    await h.close();
  }
});

test('python apps get PYTHONUNBUFFERED=1 and their output is captured line by line', async () => {
  const h = createHarness();
  try {
    const spec = makeSpec('py', 'env-dump.py', { interpreter: 'python3' });
    await h.supervisor.launch({ pm_id: 0, index: 0, spec, baseEnv: { PATH: process.env.PATH ?? '' } });
    const line = await h.waitFor('the env line', () => h.lines.find((l) => l.pm_id === 0 && l.line.startsWith('{')));
    const env = JSON.parse(line.line) as Record<string, string>;
    assert.equal(env.PYTHONUNBUFFERED, '1');
    assert.equal(env.name, 'py');
  } finally {
    await h.close();
  }
});

test('uid: the app runs as that user with its HOME; unknown users are a coded error', { skip: process.getuid?.() !== 0 && 'needs root' }, async () => {
  const h = createHarness();
  try {
    const spec = makeSpec('nobody', 'env-dump.cjs', { uid: 'nobody' });
    const info = await h.supervisor.launch({ pm_id: 0, index: 0, spec, baseEnv: { HOME: '/root' } });
    const status = readFileSync(`/proc/${info.pid}/status`, 'utf8');
    assert.match(status, /^Uid:\s+65534\s/m);
    const { env } = (await h.message(0, (data) => typeof data.env === 'object')) as { env: Record<string, string> };
    assert.equal(env.USER, 'nobody');
    assert.notEqual(env.HOME, '/root');
    await assert.rejects(h.supervisor.launch({ pm_id: 1, index: 0, spec: { ...spec, uid: 'no-such-user-here' }, baseEnv: {} }), isCode('E_USER_NOT_FOUND'));
  } finally {
    await h.close();
  }
});

test('killOrphans stops leftovers of a crashed daemon, and only those (pid reuse safe)', async () => {
  const orphan = spawn(process.execPath, [fixture('spawns-children.cjs')], { detached: true, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  const children = await new Promise<number[]>((resolve) => orphan.once('message', (data: { children: number[] }) => resolve(data.children)));
  const stranger = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
  try {
    assert.ok(orphan.pid && stranger.pid);
    const records = [
      { pid: orphan.pid, pid_start: startTimeOf(orphan.pid) },
      // Same pid as a live process but another start time: a reused pid, not ours.
      { pid: stranger.pid, pid_start: '1' },
      { pid: 999_999_999, pid_start: '5' },
      { pid: stranger.pid, pid_start: null },
    ];
    assert.equal(await Supervisor.killOrphans(records, 1000), 1);
    const h = createHarness();
    try {
      await h.waitFor('orphan and its children gone', () => [orphan.pid as number, ...children].every((pid) => !isAlive(pid)), 5000);
    } finally {
      await h.close();
    }
    assert.ok(isAlive(stranger.pid));
  } finally {
    for (const pid of [orphan.pid, stranger.pid])
      if (pid)
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
  }
});
