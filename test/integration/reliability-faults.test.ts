// Faults with real daemons and real processes: the daemon SIGKILLed in the middle of a rolling apply
// and while an app logs, apps that ignore the stop signal or fork a tree, and ten apps crash-looping.
// Each case checks the whole process table (/proc) for duplicates and orphans, not only `jlist`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, type CliResult } from '../support/cli.js';
import { isAlive, makeHome, waitFor, type JlistRecord, type TestHome } from '../support/daemon.js';

const fixtures = join(repoRoot, 'test/fixtures/reliability');

/** Pids of live processes whose environment carries TEND_HOME=home and whose command line has `marker`. */
function processesOf(home: string, marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'latin1');
      const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${entry}/status`, 'latin1'))?.[1];
      if (state !== 'Z' && environ.includes(`TEND_HOME=${home}`) && cmdline.includes(marker)) found.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return found.sort((a, b) => a - b);
}

/** Alive and not a zombie (an orphan's zombie waits for init to reap it; it runs nothing). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return false;
  }
}

function assertNoStack(result: CliResult): void {
  assert.doesNotMatch(result.stderr, /\n\s+at .+:\d+:\d+/, `stack trace in:\n${result.stderr}`);
}

function online(records: JlistRecord[], name: string): JlistRecord[] {
  return records.filter((r) => r.name === name && r.pm2_env.status === 'online' && r.pid > 0);
}

describe('daemon SIGKILLed in the middle of a rolling apply', () => {
  let t: TestHome;
  let file: string;
  const script = join(fixtures, 'slow-stop.cjs');
  const write = (version: string): void =>
    writeFileSync(
      file,
      `apps:\n  - name: roll\n    script: ${script}\n    exec_mode: fork\n    instances: 4\n    kill_timeout: 5000\n    env:\n      VERSION: ${version}\n      STOP_MS: "700"\n`,
    );
  before(() => {
    t = makeHome('tend-rel-roll-');
    file = join(t.dir, 'ecosystem.yaml');
  });
  after(async () => {
    for (const pid of processesOf(t.home, script)) process.kill(pid, 'SIGKILL');
    await t.cleanup();
  });

  test('the next apply converges: every instance on the new version, no duplicate, orphan or missing one', async (t2) => {
    write('v1');
    const first = await t.tend(['apply', file, '--yes']);
    assert.equal(first.code, 0, first.stderr);
    await waitFor('4 online', async () => online(await t.jlist(), 'roll').length === 4);
    // Three rollouts, each interrupted at a later point: after 1, 2 and 3 of the 4 instances moved.
    for (const moved of [1, 2, 3]) {
      const version = `v${moved + 1}`;
      const oldPids = processesOf(t.home, script);
      assert.equal(oldPids.length, 4, `4 processes before rollout ${version}`);
      write(version);
      const applying = t.tend(['apply', file, '--yes']);
      const mixed = await waitFor(
        `${moved} instance(s) on ${version}`,
        async () => {
          const versions = (await t.jlist()).filter((r) => r.name === 'roll' && r.pid > 0).map((r) => r.pm2_env.env.VERSION);
          return versions.filter((v) => v === version).length >= moved ? versions : null;
        },
        20_000,
      );
      const daemon = t.daemonPid();
      assert.ok(daemon);
      process.kill(daemon, 'SIGKILL');
      t2.diagnostic(`rollout to ${version}: daemon ${daemon} SIGKILLed with instance versions ${mixed.join(', ')}`);
      const interrupted = await applying;
      assert.equal(interrupted.code, 1, `an interrupted apply must fail: ${interrupted.stdout}${interrupted.stderr}`);
      assert.match(interrupted.stderr, /error E_[A-Z_]+/);
      assertNoStack(interrupted);
      await waitFor('daemon gone', () => !isAlive(daemon));

      const again = await t.tend(['apply', file, '--yes']);
      assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
      const records = await waitFor(`4 online on ${version}`, async () => {
        const list = await t.jlist();
        const up = online(list, 'roll');
        return up.length === 4 && list.length === 4 && up.every((r) => r.pm2_env.env.VERSION === version) ? list : null;
      });
      // Exactly the 4 listed processes run: none left over from either daemon, none twice.
      const listed = records.map((r) => r.pid).sort((a, b) => a - b);
      const running = await waitFor('only the listed processes run', () => {
        const now = processesOf(t.home, script);
        return JSON.stringify(now) === JSON.stringify(listed) ? now : null;
      });
      assert.equal(new Set(records.map((r) => r.pm_id)).size, 4, 'distinct ids');
      assert.deepEqual(records.map((r) => r.pm2_env.env.NODE_APP_INSTANCE).sort(), ['0', '1', '2', '3']);
      for (const pid of oldPids) assert.ok(!running.includes(pid), `old process ${pid} still runs`);
      const settled = await t.tend(['plan', file, '--detailed-exitcode']);
      assert.equal(settled.code, 0, `nothing left to do:\n${settled.stdout}`);
    }
  });
});

describe('daemon SIGKILLed while an app logs', () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-rel-logs-');
  });
  after(async () => {
    await t.cleanup();
  });

  test('the app is back on the next command and every line it writes afterwards is captured', async (t2) => {
    const started = await t.tend(['start', join(fixtures, 'sequence.cjs'), '--name', 'seq']);
    assert.equal(started.code, 0, started.stderr);
    const [first] = await waitFor('online', async () => online(await t.jlist(), 'seq'));
    assert.ok(first);
    const log = join(t.home, 'logs', 'seq-out.log');
    const numbersOf = (pid: number): number[] =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith(`seq ${pid} `))
        .map((line) => Number(line.split(' ')[2]));
    await waitFor('lines captured', () => numbersOf(first.pid).length >= 100);

    const daemon = t.daemonPid();
    assert.ok(daemon);
    process.kill(daemon, 'SIGKILL');
    await waitFor('daemon gone', () => !isAlive(daemon));
    const ls = await t.tend(['ls']);
    assert.equal(ls.code, 0, ls.stderr);
    assert.match(ls.stderr, /brought back 1 app\(s\): seq/);
    const [second] = await waitFor('back online', async () => online(await t.jlist(), 'seq'));
    assert.ok(second);
    assert.notEqual(second.pid, first.pid);
    await waitFor('old process gone', () => !isAlive(first.pid));

    const seen = await waitFor('2,000 lines of the new process', () => {
      const numbers = numbersOf(second.pid);
      return numbers.length >= 2000 ? numbers : null;
    });
    const expected = Array.from({ length: seen.length }, (_, i) => i + 1);
    assert.deepEqual(seen, expected, 'every line from the first on, in order, none twice');
    // The lines of the first process that reached the file are whole and in order too.
    const before = numbersOf(first.pid);
    assert.deepEqual(
      before,
      Array.from({ length: before.length }, (_, i) => i + 1),
    );
    t2.diagnostic(`lines captured: ${before.length} before the kill, ${seen.length} after it (0 lost after the restart)`);
  });
});

describe('stopping stubborn apps and process trees', () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-rel-stop-');
  });
  after(async () => {
    await t.cleanup();
  });

  test('an app ignoring SIGINT and SIGTERM is killed once kill_timeout has passed', async (t2) => {
    const pidFile = join(t.dir, 'stubborn.pid');
    const started = await t.tend(['start', join(fixtures, 'stubborn.cjs'), '--name', 'stubborn', '--kill-timeout', '1200'], { env: { PID_FILE: pidFile } });
    assert.equal(started.code, 0, started.stderr);
    const pid = await waitFor('pid file', () => Number(readFileSync(pidFile, 'utf8').trim()) || null);
    const begin = Date.now();
    const stopped = await t.tend(['stop', 'stubborn']);
    const elapsed = Date.now() - begin;
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.ok(!isAlive(pid), 'the process is gone when stop returns');
    assert.ok(elapsed >= 1100, `stop returned after ${elapsed} ms: before kill_timeout`);
    t2.diagnostic(`stop of an app ignoring SIGINT/SIGTERM took ${elapsed} ms (kill_timeout 1200 ms)`);
    const [record] = await t.jlist();
    assert.equal(record?.pm2_env.status, 'stopped');
    const deleted = await t.tend(['delete', 'stubborn']);
    assert.equal(deleted.code, 0, deleted.stderr);
  });

  test('deleting an app that forked a tree (children, a detached child, a grandchild in its own session) leaves nothing behind', async (t2) => {
    const pidFile = join(t.dir, 'tree.pids');
    const started = await t.tend(['start', join(fixtures, 'tree.cjs'), '--name', 'tree', '--kill-timeout', '1000'], { env: { PID_FILE: pidFile } });
    assert.equal(started.code, 0, started.stderr);
    const pids = await waitFor('4 pids', () => {
      const list = readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number);
      return list.length === 4 && list.every(isAlive) ? list : null;
    });
    const deleted = await t.tend(['delete', 'tree']);
    assert.equal(deleted.code, 0, deleted.stderr);
    await waitFor('the whole tree gone', () => pids.every((pid) => !isAlive(pid)), 5000);
    const daemon = t.daemonPid();
    assert.deepEqual(
      processesOf(t.home, 'node').filter((pid) => pid !== daemon),
      [],
      'no process of this TEND_HOME is left but the daemon',
    );
    t2.diagnostic(`tree of ${pids.length} processes removed`);
  });

  test('an app that starts a child in its group and a detached child, then exits: restarted 3 times and deleted, none of them is left', async (t2) => {
    const pidFile = join(t.dir, 'fork-exit.pids');
    const readPids = (): number[] => readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number);
    const started = await t.tend(
      ['start', join(fixtures, 'fork-exit.cjs'), '--name', 'forker', '--kill-timeout', '500', '--restart-delay', '200', '--min-uptime', '100'],
      { env: { PID_FILE: pidFile } },
    );
    assert.equal(started.code, 0, started.stderr);
    await waitFor('3 restarts', async () => ((await t.jlist()).find((r) => r.name === 'forker')?.pm2_env.restart_time ?? 0) >= 3, 30_000);
    // Before each restart, what the previous run started is gone: at most one run's children live.
    const alive = readPids().filter(running);
    assert.ok(alive.length <= 3, `only the current run's processes live: ${alive.length} of ${readPids().length}`);
    const deleted = await t.tend(['delete', 'forker']);
    assert.equal(deleted.code, 0, deleted.stderr);
    const pids = readPids();
    await waitFor('every process of every run gone', () => pids.every((pid) => !running(pid)), 10_000);
    const daemon = t.daemonPid();
    assert.deepEqual(
      processesOf(t.home, 'node').filter((pid) => pid !== daemon),
      [],
      'no process of this TEND_HOME is left but the daemon',
    );
    t2.diagnostic(`${pids.length} processes over ${pids.length / 3} runs, none left`);
  });
});

describe('ten apps crash-looping at once', () => {
  let t: TestHome;
  let file: string;
  before(() => {
    t = makeHome('tend-rel-crash-');
    file = join(t.dir, 'ecosystem.yaml');
  });
  after(async () => {
    await t.cleanup();
  });

  test('the daemon stays responsive and exponential backoff bounds the restarts', async (t2) => {
    const base = 100;
    const apps = Array.from(
      { length: 10 },
      (_, i) => `  - name: crash${i}\n    script: ${join(fixtures, 'crash.sh')}\n    exp_backoff_restart_delay: ${base}\n    min_uptime: 0\n`,
    ).join('');
    writeFileSync(file, `apps:\n${apps}`);
    const begin = Date.now();
    const started = await t.tend(['start', file]);
    assertNoStack(started);
    const daemon = t.daemonPid();
    assert.ok(daemon);
    const latencies: number[] = [];
    while (Date.now() - begin < 6000) {
      const at = Date.now();
      const ls = await t.tend(['ls']);
      latencies.push(Date.now() - at);
      assert.equal(ls.code, 0, ls.stderr);
      assert.match(ls.stdout, /crash9/);
    }
    const elapsed = Date.now() - begin;
    const records = await t.jlist();
    assert.equal(records.length, 10);
    assert.equal(t.daemonPid(), daemon, 'the daemon did not restart');
    assert.ok(isAlive(daemon));
    // Restarts possible in `elapsed` ms with delays base, base×1.5, …: anything above means no backoff.
    let bound = 0;
    for (let sum = 0, delay = base; sum + delay <= elapsed; sum += delay, delay = Math.min(delay * 1.5, 15_000)) bound++;
    const counts = records.map((r) => r.pm2_env.restart_time);
    for (const record of records) {
      assert.ok(record.pm2_env.restart_time >= 3, `${record.name} restarted ${record.pm2_env.restart_time} times: not crash-looping?`);
      assert.ok(
        record.pm2_env.restart_time <= bound + 1,
        `${record.name} restarted ${record.pm2_env.restart_time} times in ${elapsed} ms (backoff allows ${bound})`,
      );
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    t2.diagnostic(
      `tend ls under 10 crash-looping apps: ${latencies.length} calls, median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted[sorted.length - 1]} ms (CLI start included)`,
    );
    t2.diagnostic(`restart counts after ${elapsed} ms: ${counts.join(', ')} (backoff bound ${bound})`);
    const deleted = await t.tend(['delete', 'all']);
    assert.equal(deleted.code, 0, deleted.stderr);
  });
});

describe('a daemon stopped right after a crash', () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-rel-reap-');
  });
  after(async () => {
    await t.cleanup();
  });

  test('tend kill within kill_timeout of a crash still stops what the crashed app left running', async () => {
    const pidFile = join(t.dir, 'fork-exit.pids');
    // kill_timeout 1500: the leftovers ignore SIGINT/SIGTERM, so only the SIGKILL after it ends them.
    const started = await t.tend(
      ['start', join(fixtures, 'fork-exit.cjs'), '--name', 'crashy', '--kill-timeout', '1500', '--restart-delay', '30000', '--min-uptime', '100'],
      {
        env: { PID_FILE: pidFile },
      },
    );
    assert.equal(started.code, 0, started.stderr);
    await waitFor('the crash', async () => (await t.jlist()).find((r) => r.name === 'crashy')?.pm2_env.status === 'waiting restart');
    const pids = readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number);
    assert.equal(pids.length, 3);
    const killed = await t.tend(['kill']);
    assert.equal(killed.code, 0, killed.stderr);
    assert.deepEqual(
      pids.filter((pid) => running(pid)),
      [],
      'nothing the app started outlives the daemon',
    );
  });
});
