// The rollout engine through the CLI: reload and apply never take every instance of an app down at
// once (sampled with jlist during the operation), exec_mode changes start the new set before the old
// one stops, and live log changes take effect in the running processes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { isAlive, makeHome, waitFor, type JlistRecord, type TestHome } from '../support/daemon.js';

const fixtures = join(repoRoot, 'test/fixtures/daemon');

function online(records: JlistRecord[], name: string): JlistRecord[] {
  return records.filter((record) => record.name === name && record.pm2_env.status === 'online');
}

/** Runs `operation` while sampling jlist; resolves with its result and the online counts seen. */
async function sampled<T>(t: TestHome, name: string, operation: () => Promise<T>): Promise<{ result: T; counts: number[] }> {
  const counts: number[] = [];
  let done = false;
  const sampler = (async () => {
    while (!done) counts.push(online(await t.jlist(), name).length);
  })();
  try {
    return { result: await operation(), counts };
  } finally {
    done = true;
    await sampler;
  }
}

describe('rollouts keep an instance serving', () => {
  let t: TestHome;
  let file: string;
  const write = (env: Record<string, string>): void =>
    writeFileSync(
      file,
      JSON.stringify({ apps: [{ name: 'f', script: join(fixtures, 'slow-stop.js'), exec_mode: 'fork', instances: 3, kill_timeout: 5000, env }] }),
    );

  before(async () => {
    t = makeHome();
    file = join(t.dir, 'ecosystem.json');
    write({ VERSION: '1' });
    const started = await t.tend(['apply', file]);
    assert.equal(started.code, 0, started.stderr);
    await waitFor('3 online', async () => online(await t.jlist(), 'f').length === 3);
  });
  after(async () => {
    await t.cleanup();
  });

  test('reload f --parallel 3 never shows 0 online', async () => {
    const before = online(await t.jlist(), 'f').map((record) => record.pid);
    const { result, counts } = await sampled(t, 'f', () => t.tend(['reload', 'f', '--parallel', '3']));
    assert.equal(result.code, 0, result.stderr);
    assert.ok(counts.length > 0);
    assert.ok(Math.min(...counts) >= 1, `online counts sampled during the reload: ${counts.join(' ')}`);
    const after = await waitFor('3 online again', async () => {
      const now = online(await t.jlist(), 'f');
      return now.length === 3 ? now : null;
    });
    for (const pid of before) assert.ok(!after.some((record) => record.pid === pid), 'every instance was replaced');
  });

  test('apply --parallel 3 after an env edit never shows 0 online, and its plan says no downtime', async () => {
    write({ VERSION: '2' });
    const planned = await t.tend(['plan', file, '--json']);
    const step = (JSON.parse(planned.stdout) as { steps: { action: string; downtime: boolean }[] }).steps[0];
    assert.equal(step?.action, 'reload');
    assert.equal(step?.downtime, false);
    const { result, counts } = await sampled(t, 'f', () => t.tend(['apply', file, '--parallel', '3']));
    assert.equal(result.code, 0, result.stderr);
    assert.ok(Math.min(...counts) >= 1, `online counts sampled during the apply: ${counts.join(' ')}`);
    const records = await waitFor('3 online on VERSION 2', async () => {
      const now = online(await t.jlist(), 'f');
      return now.length === 3 && now.every((record) => record.pm2_env.env.VERSION === '2') ? now : null;
    });
    assert.equal(records.length, 3);
    assert.equal((await t.tend(['plan', file, '--detailed-exitcode'])).code, 0);
  });
});

describe('a failed rollout', () => {
  let t: TestHome;
  let file: string;
  const write = (ready: string): void =>
    writeFileSync(
      file,
      JSON.stringify({
        apps: [
          {
            name: 'f',
            script: join(fixtures, 'slow-stop.js'),
            exec_mode: 'fork',
            instances: 3,
            wait_ready: true,
            listen_timeout: 800,
            env: { READY: ready, STOP_MS: '50' },
          },
        ],
      }),
    );

  before(() => {
    t = makeHome();
    file = join(t.dir, 'ecosystem.json');
  });
  after(async () => {
    await t.cleanup();
  });

  test('puts the instances it moved back on the previous spec and reports the failure', async () => {
    write('yes');
    assert.equal((await t.tend(['apply', file])).code, 0);
    await waitFor('3 online', async () => online(await t.jlist(), 'f').length === 3);
    write('never');
    const { result, counts } = await sampled(t, 'f', () => t.tend(['apply', file, '--parallel', '3']));
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stderr, /E_APPLY_FAILED/);
    assert.ok(Math.min(...counts) >= 1, `online counts sampled during the failed apply: ${counts.join(' ')}`);
    const back = await waitFor('3 online on the previous spec', async () => {
      const now = online(await t.jlist(), 'f');
      return now.length === 3 && now.every((record) => record.pm2_env.env.READY === 'yes') ? now : null;
    });
    assert.equal(back.length, 3);
    assert.equal((await t.tend(['plan', file, '--detailed-exitcode'])).code, 2, 'the change is still to do');
  });
});

describe('exec_mode changes of the only app', () => {
  let t: TestHome;
  let file: string;
  const write = (mode: 'fork' | 'cluster'): void =>
    writeFileSync(file, JSON.stringify({ apps: [{ name: 'web', script: join(fixtures, 'echo-server.js'), exec_mode: mode, instances: 2 }] }));

  before(() => {
    t = makeHome();
    file = join(t.dir, 'ecosystem.json');
  });
  after(async () => {
    await t.cleanup();
  });

  test('cluster → fork → cluster leaves the app running on new processes with new ids', async () => {
    write('cluster');
    assert.equal((await t.tend(['apply', file])).code, 0);
    let records = await waitFor('2 cluster instances online', async () => {
      const now = online(await t.jlist(), 'web');
      return now.length === 2 ? now : null;
    });
    for (const mode of ['fork', 'cluster'] as const) {
      const oldPids = records.map((record) => record.pid);
      const oldIds = records.map((record) => record.pm_id);
      write(mode);
      const applied = await t.tend(['apply', file]);
      assert.equal(applied.code, 0, `${applied.stdout}\n${applied.stderr}`);
      assert.match(applied.stdout, /replace/);
      records = await t.jlist();
      const running = online(records, 'web');
      assert.equal(records.length, 2, `only the new set is left: ${JSON.stringify(records.map((r) => [r.pm_id, r.pm2_env.status]))}`);
      assert.equal(running.length, 2, `both instances online in ${mode} mode`);
      for (const record of running) {
        assert.equal(record.pm2_env.exec_mode, `${mode}_mode`);
        assert.ok(isAlive(record.pid), `pid ${record.pid} lives`);
        assert.ok(!oldIds.includes(record.pm_id), 'the new set has new pm_ids');
      }
      await waitFor('the old processes gone', () => oldPids.every((pid) => !isAlive(pid)));
      assert.equal((await t.tend(['plan', file, '--detailed-exitcode'])).code, 0);
    }
  });
});

describe('live log changes', () => {
  let t: TestHome;
  let file: string;
  const write = (out: string, pidFile: string): void =>
    writeFileSync(
      file,
      JSON.stringify({
        apps: [{ name: 'talker', script: join(fixtures, 'slow-stop.js'), out_file: out, pid_file: pidFile, env: { LINE_EVERY_MS: '100', STOP_MS: '10' } }],
      }),
    );

  before(() => {
    t = makeHome();
    file = join(t.dir, 'ecosystem.json');
  });
  after(async () => {
    await t.cleanup();
  });

  test('out_file a.log → b.log: the running app’s next lines land in b.log; pid_file moves', async () => {
    const [a, b] = [join(t.dir, 'a.log'), join(t.dir, 'b.log')];
    const [pidA, pidB] = [join(t.dir, 'a.pid'), join(t.dir, 'b.pid')];
    write(a, pidA);
    assert.equal((await t.tend(['apply', file])).code, 0);
    await waitFor('lines in a.log', () => existsSync(a) && readFileSync(a, 'utf8').includes('line 2'));
    const [record] = online(await t.jlist(), 'talker');
    assert.ok(record);
    assert.equal(readFileSync(join(t.dir, 'a-0.pid'), 'utf8').trim(), String(record.pid));
    write(b, pidB);
    const planned = await t.tend(['plan', file]);
    assert.match(planned.stdout, /live/);
    assert.equal((await t.tend(['apply', file])).code, 0);
    await waitFor('lines in b.log', () => existsSync(b) && /line \d+/.test(readFileSync(b, 'utf8')));
    const after = online(await t.jlist(), 'talker')[0];
    assert.equal(after?.pid, record.pid, 'the app was not restarted');
    assert.equal(after?.pm2_env.pm_out_log_path, b, 'jlist reports the new path');
    assert.equal(readFileSync(join(t.dir, 'b-0.pid'), 'utf8').trim(), String(record.pid));
    assert.equal(existsSync(join(t.dir, 'a-0.pid')), false, 'the old pid file is gone');
    const frozen = readFileSync(a, 'utf8');
    await waitFor('more lines in b.log', () => (readFileSync(b, 'utf8').match(/line \d+/g) ?? []).length >= 3);
    assert.equal(readFileSync(a, 'utf8'), frozen, 'a.log gets no more lines');
    assert.equal((await t.tend(['plan', file, '--detailed-exitcode'])).code, 0);
  });
});
