// The monitor against a real daemon: a leaking app is restarted by max_memory_restart at the next
// check, a cron_restart every two seconds fires, children count when asked, and the daemon's own
// cost with 50 idle apps is measured (reported, not asserted).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { daemonLogEntries, makeHome, waitFor, type JlistRecord, type TestHome } from '../support/daemon.js';

const fixtures = join(repoRoot, 'test/fixtures/monitor');
const intervalMs = 1000;
const env = { TEND_MONITOR_INTERVAL: String(intervalMs) };
const MiB = 1024 * 1024;

interface LogLine {
  msg: string;
  time: number;
  app?: string;
  rss?: number;
  limit?: number;
}

function daemonLog(home: string, msg: string, app: string): LogLine[] {
  return daemonLogEntries<LogLine>(home).filter((line) => line.msg === msg && line.app === app);
}

function recordOf(list: JlistRecord[], name: string): JlistRecord | undefined {
  return list.find((r) => r.name === name);
}

/** utime + stime of a process, in clock ticks (100 per second on Linux). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

describe('monitor', () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-monitor-');
  });
  after(async () => {
    await t.cleanup();
  });

  test('a leaking app is restarted by max_memory_restart at the next check, and the value seen is logged', async (ctx) => {
    const limit = 150 * MiB;
    const started = await t.tend(['start', join(fixtures, 'leak.js'), '--name', 'leak', '--max-memory-restart', '150M', '-s'], { env });
    assert.equal(started.code, 0, started.stderr);
    const startedAt = Date.now();
    const [event] = await waitFor('memory restart logged', () => {
      const lines = daemonLog(t.home, 'memory limit passed: restarting', 'leak');
      return lines.length > 0 ? lines : null;
    });
    assert.ok(event?.rss !== undefined && event.rss > limit, 'the logged value is above the limit');
    assert.equal(event.limit, limit);
    // The leak grows about 80 MiB/s: a check every second catches it within two intervals' growth.
    assert.ok(event.rss < limit + 2 * 80 * MiB * (intervalMs / 1000) + 64 * MiB, `caught near the limit (rss ${Math.round(event.rss / MiB)} MiB)`);
    ctx.diagnostic(`memory restart after ${event.time - startedAt} ms at ${Math.round(event.rss / MiB)} MiB (limit 150 MiB, check every ${intervalMs} ms)`);
    const record = await waitFor('leak online again', async () => {
      const leak = recordOf(await t.jlist(), 'leak');
      return leak && leak.pm2_env.restart_time >= 1 && leak.pm2_env.status === 'online' ? leak : null;
    });
    assert.equal(record.pm2_env.max_memory_restart, limit);
    await t.tend(['delete', 'leak', '-s'], { env });
  });

  test('cron_restart every two seconds fires; an invalid pattern is refused', async () => {
    const started = await t.tend(['start', join(fixtures, 'idle.js'), '--name', 'cronny', '--cron-restart', '*/2 * * * * *', '-s'], { env });
    assert.equal(started.code, 0, started.stderr);
    const record = await waitFor(
      'two cron restarts',
      async () => {
        const cronny = recordOf(await t.jlist(), 'cronny');
        return cronny && cronny.pm2_env.restart_time >= 2 ? cronny : null;
      },
      10_000,
    );
    assert.equal(record.pm2_env.cron_restart, '*/2 * * * * *');
    assert.ok(daemonLog(t.home, 'cron_restart: restarting', 'cronny').length >= 2);
    const invalid = await t.tend(['start', join(fixtures, 'idle.js'), '--name', 'badcron', '--cron-restart', 'not a pattern'], { env });
    assert.notEqual(invalid.code, 0, 'an invalid pattern is refused');
    await t.tend(['delete', 'cronny', '-s'], { env });
  });

  test('metrics are in jlist; 50 idle apps: daemon CPU and RSS measured', async (ctx) => {
    const eco = join(t.dir, 'fifty.json');
    const apps = Array.from({ length: 50 }, (_, i) => ({
      name: `idle-${i}`,
      script: '/bin/sleep',
      args: ['3600'],
      interpreter: 'none',
      max_memory_restart: '1G',
    }));
    writeFileSync(eco, JSON.stringify({ apps }));
    const applied = await t.tend(['apply', eco, '--yes'], { env });
    assert.equal(applied.code, 0, applied.stderr);
    const list = await waitFor('50 online', async () => {
      const records = await t.jlist();
      return records.filter((r) => r.pm2_env.status === 'online').length === 50 ? records : null;
    });
    assert.ok(
      list.every((r) => r.monit.memory > 0),
      'every online process has its memory sampled',
    );
    const daemon = t.daemonPid();
    assert.ok(daemon);
    const windowMs = 6000;
    const ticksBefore = cpuTicks(daemon);
    const from = Date.now();
    await waitFor('measurement window', () => Date.now() - from >= windowMs || null, windowMs + 2000);
    const cpuPercent = ((cpuTicks(daemon) - ticksBefore) / 100 / ((Date.now() - from) / 1000)) * 100;
    ctx.diagnostic(
      `daemon with 50 idle apps, memory checked every ${intervalMs} ms: cpu ${cpuPercent.toFixed(2)} %, rss ${(rssOf(daemon) / MiB).toFixed(1)} MiB`,
    );
    await t.tend(['delete', 'all', '-s'], { env });
  });

  test('TEND_MONITOR_CHILDREN: a process is measured with its children', async (ctx) => {
    const home = makeHome('tend-monitor-children-');
    try {
      const childEnv = { ...env, TEND_MONITOR_CHILDREN: '1' };
      const started = await home.tend(['start', join(fixtures, 'parent.js'), '--name', 'parent', '-s'], { env: childEnv });
      assert.equal(started.code, 0, started.stderr);
      const record = await waitFor('parent measured with its child', async () => {
        const parent = recordOf(await home.jlist(), 'parent');
        return parent && parent.monit.memory > 64 * MiB + rssOf(parent.pid) ? parent : null;
      });
      ctx.diagnostic(`parent alone ${(rssOf(record.pid) / MiB).toFixed(1)} MiB, with its child ${(record.monit.memory / MiB).toFixed(1)} MiB`);
    } finally {
      await home.cleanup();
    }
  });
});
