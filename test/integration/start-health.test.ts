// issue 23: a start succeeds only when the app is healthy — it stayed up for min_uptime (fork mode
// without wait_ready) and, when it declares one, its health check passed. The same rule for every
// verb that starts processes: here `start` and `apply`, through the real CLI and daemon.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/cli.js';
import { makeHome, waitFor } from '../support/daemon.js';
import { freePort } from '../support/sshd.js';

const fixture = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'apps', name);

/** The state letter of /proc/<pid>/stat: R, S, D, T (stopped), Z … */
const processState = (pid: number): string => /^\d+ \(.*\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'latin1'))?.[1] ?? '?';

test('a fork app that throws at its first line fails start and apply with E_START_FAILED, exit 1', async (t) => {
  const home = makeHome();
  t.after(() => home.cleanup());
  const script = path.join(home.dir, 'dies.js');
  writeFileSync(script, "throw new Error('cannot load config');\n");
  const started = await home.tend(['start', script, '--name', 'dies']);
  assert.equal(started.code, 1, started.stdout + started.stderr);
  assert.match(started.stderr, /E_(START|APPLY)_FAILED/);
  assert.match(started.stderr, /cannot load config/);

  const file = path.join(home.dir, 'ecosystem.config.json');
  writeFileSync(file, JSON.stringify({ apps: [{ name: 'dies-too', script }] }));
  const applied = await home.tend(['apply', file, '--yes']);
  assert.equal(applied.code, 1, applied.stdout + applied.stderr);
  assert.match(applied.stderr, /E_(START|APPLY)_FAILED/);
  // A failed create keeps the app, errored (as PM2 lists it): it is not restarted behind the failure.
  const records = await home.jlist();
  assert.equal(records.find((record) => record.name === 'dies-too')?.pm2_env.status, 'errored');
});

test('a create that fails keeps the app errored: listed with its logs, planned again, restartable once fixed', async (t) => {
  const home = makeHome();
  t.after(() => home.cleanup());
  const config = path.join(home.dir, 'configured');
  const script = path.join(home.dir, 'flaky.js');
  writeFileSync(
    script,
    `if (!require('fs').existsSync(${JSON.stringify(config)})) { console.error('flaky: no config yet'); process.exit(3); }\nsetInterval(() => {}, 1000);\n`,
  );
  const file = path.join(home.dir, 'ecosystem.config.json');
  writeFileSync(file, JSON.stringify({ apps: [{ name: 'flaky', script, exec_mode: 'fork', instances: 2 }] }));
  const applied = await home.tend(['apply', file, '--yes']);
  assert.equal(applied.code, 1, applied.stdout + applied.stderr);
  assert.match(applied.stderr, /E_APPLY_FAILED/);
  assert.match(applied.stderr, /exited with code 3 .*flaky: no config yet/);

  // The first instance failed and is errored; the second was not tried (registered, not started).
  const records = await home.jlist();
  assert.deepEqual(
    records.map((record) => [record.name, record.pm2_env.status]),
    [
      ['flaky', 'errored'],
      ['flaky', 'stopped'],
    ],
  );
  const errLog = records[0]?.pm2_env.pm_err_log_path as string;
  assert.match(readFileSync(errLog, 'utf8'), /flaky: no config yet/, 'its error log is kept');
  const described = await home.tend(['describe', 'flaky']);
  assert.equal(described.code, 0, described.stderr);
  assert.match(described.stdout, /errored/);

  // The next plan of the same file says what it would do: bring the missing instances back.
  const planned = await home.tend(['plan', file, '--json']);
  assert.equal(planned.code, 0, planned.stderr);
  const plan = JSON.parse(planned.stdout) as { steps: { action: string; app: string; reason: string }[] };
  assert.deepEqual(
    plan.steps.map((step) => [step.action, step.app, step.reason]),
    [['scale', 'flaky', 'instances-missing']],
  );

  writeFileSync(config, '');
  const restarted = await home.tend(['restart', 'flaky']);
  assert.equal(restarted.code, 0, restarted.stdout + restarted.stderr);
  assert.deepEqual(
    (await home.jlist()).map((record) => record.pm2_env.status),
    ['online', 'online'],
  );
  const again = await home.tend(['plan', file, '--detailed-exitcode']);
  assert.equal(again.code, 0, again.stdout + again.stderr);
});

test('a fork app that dies a moment after its start (before min_uptime) fails too', async (t) => {
  const home = makeHome();
  t.after(() => home.cleanup());
  const file = path.join(home.dir, 'ecosystem.config.json');
  writeFileSync(file, JSON.stringify({ apps: [{ name: 'late', script: fixture('crasher.cjs'), env: { AFTER_MS: '300' }, min_uptime: '2s' }] }));
  const applied = await home.tend(['apply', file, '--yes']);
  assert.equal(applied.code, 1, applied.stdout + applied.stderr);
  assert.match(applied.stderr, /crasher: giving up/);
});

test('health: an app whose check never passes fails with E_HEALTH_FAILED; one that answers starts', async (t) => {
  const home = makeHome();
  t.after(() => home.cleanup());
  const [appPort, closedPort] = [await freePort(), await freePort()];
  const file = path.join(home.dir, 'ecosystem.config.json');
  writeFileSync(
    file,
    JSON.stringify({
      apps: [
        { name: 'healthy', script: fixture('http-server.cjs'), port: appPort, health: { http: '/healthz' } },
        { name: 'deaf', script: fixture('http-server.cjs'), env: { PORT: '0' }, health: { tcp: closedPort, timeout: '1s' } },
      ],
    }),
  );
  const applied = await home.tend(['apply', file, '--yes']);
  assert.equal(applied.code, 1, applied.stdout + applied.stderr);
  assert.match(applied.stderr, /E_HEALTH_FAILED|failed its health check/);
  const records = await home.jlist();
  assert.equal(records.find((record) => record.name === 'healthy')?.pm2_env.status, 'online');
  assert.notEqual(records.find((record) => record.name === 'deaf')?.pm2_env.status, 'online');
});

test('health: a malformed check is refused before anything starts', async (t) => {
  const home = makeHome();
  t.after(() => home.cleanup());
  const file = path.join(home.dir, 'ecosystem.config.json');
  writeFileSync(file, JSON.stringify({ apps: [{ name: 'x', script: fixture('http-server.cjs'), health: { http: 'healthz', tcp: 3 } }] }));
  const applied = await home.tend(['apply', file, '--yes']);
  assert.equal(applied.code, 1);
  assert.match(applied.stderr, /health/);
  assert.deepEqual(await home.jlist(), []);
});

test('apps started together from one file all run: none is left paused by the spawn run (spawn-hold.ts)', async (t) => {
  const home = makeHome();
  t.after(() => home.cleanup());
  const script = path.join(home.dir, 'counter.js');
  // Counts in a file: a paused process would stop counting.
  writeFileSync(script, "const fs = require('node:fs');\nlet n = 0;\nsetInterval(() => fs.writeFileSync(process.env.OUT, String(++n)), 20);\n");
  const names = Array.from({ length: 12 }, (_, index) => `together-${index}`);
  const file = path.join(home.dir, 'together.config.json');
  writeFileSync(file, JSON.stringify({ apps: names.map((name) => ({ name, script, min_uptime: 200, env: { OUT: path.join(home.dir, `${name}.count`) } })) }));
  const started = await home.tend(['start', file]);
  assert.equal(started.code, 0, started.stdout + started.stderr);
  const records = await home.jlist();
  assert.equal(records.filter((record) => record.pm2_env.status === 'online').length, names.length);
  for (const record of records) assert.notEqual(processState(record.pid), 'T', `${record.name} is stopped`);
  const counted = (name: string): number => {
    try {
      return Number(readFileSync(path.join(home.dir, `${name}.count`), 'utf8')) || 0;
    } catch {
      return 0; // not written yet
    }
  };
  const before = new Map(names.map((name) => [name, counted(name)]));
  await waitFor('every app counting on', () => names.every((name) => counted(name) > (before.get(name) ?? 0)));
});
