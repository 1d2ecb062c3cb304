// The state journal under kill -9: the daemon is killed at random points (fixed seed) of a 50-app
// apply; the next daemon restores every app exactly once — no duplicate, none that was reported done
// lost, none half-made after the next apply — and the journal and state.json agree with the file.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tendBin } from '../support/cli.js';
import { isAlive, makeHome, waitFor, type JlistRecord, type TestHome } from '../support/daemon.js';

const appCount = 50;
const iterations = 4;

/** A small seeded generator (mulberry32): the kill points are random but the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 50 apps of 1 to 3 instances, registered only (autostart: false): the state is what is tested. */
function writeEcosystem(dir: string): { file: string; instances: Map<string, number> } {
  const idle = join(repoRoot, 'test/fixtures/reliability/idle.sh');
  const apps = Array.from({ length: appCount }, (_, index) => ({ name: `app-${index}`, script: idle, instances: 1 + (index % 3), autostart: false }));
  const file = join(dir, 'ecosystem.json');
  writeFileSync(file, JSON.stringify({ apps }));
  return { file, instances: new Map(apps.map((app) => [app.name, app.instances])) };
}

/** Runs `tend apply FILE --yes` and kills the daemon with SIGKILL once `killAfter` steps are reported done. */
function applyAndKill(t: TestHome, file: string, killAfter: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tendBin, 'apply', file, '--yes'], {
      env: { ...process.env, TEND_HOME: t.home, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const done: string[] = [];
    let killed = false;
    let buffered = '';
    // Progress lines (`[n/m] create app-k: done`) go to stdout, before the final table.
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const match = /create (\S+): done$/.exec(line);
        if (!match?.[1] || killed) continue;
        done.push(match[1]);
        if (done.length >= killAfter) {
          killed = true;
          const daemon = t.daemonPid();
          if (daemon) process.kill(daemon, 'SIGKILL');
        }
      }
    });
    child.on('error', reject);
    child.on('close', () => resolve(done));
  });
}

function countByName(records: readonly JlistRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.name, (counts.get(record.name) ?? 0) + 1);
  return counts;
}

describe('kill -9 of the daemon during a 50-app apply', () => {
  const homes: TestHome[] = [];
  after(async () => {
    for (const home of homes) await home.cleanup();
  });

  const random = seeded(20);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const killAfter = 1 + Math.floor(random() * (appCount - 1));
    test(`killed after ${killAfter} of ${appCount} creates: every app comes back exactly once`, async () => {
      const t = makeHome('tend-journal-');
      homes.push(t);
      const { file, instances } = writeEcosystem(t.dir);
      const ping = await t.tend(['ping']);
      assert.equal(ping.code, 0, ping.stderr);
      const daemon = t.daemonPid();
      assert.ok(daemon);
      const reported = await applyAndKill(t, file, killAfter);
      await waitFor('the daemon gone', () => !isAlive(daemon));
      assert.ok(reported.length >= killAfter, `${reported.length} creates reported before the kill`);

      // The next command restores: no duplicate id or name, nothing outside the file, no app reported done lost.
      const restored = await t.jlist();
      assert.equal(new Set(restored.map((record) => record.pm_id)).size, restored.length, 'no id twice');
      const counts = countByName(restored);
      for (const [name, count] of counts) {
        const wanted = instances.get(name);
        assert.ok(wanted !== undefined, `${name} is an app of the file`);
        assert.ok(count <= wanted, `${name}: ${count} instances, the file has ${wanted}`);
      }
      for (const name of reported) assert.equal(counts.get(name), instances.get(name), `${name} was reported created: all its instances are back`);

      // The next apply completes exactly the file.
      const again = await t.tend(['apply', file, '--yes']);
      assert.equal(again.code, 0, again.stderr);
      const final = await t.jlist();
      assert.deepEqual([...countByName(final)].sort(), [...instances].sort());
      assert.equal(new Set(final.map((record) => record.pm_id)).size, final.length, 'no id twice');

      // And so does a daemon started from what is on disk now.
      const second = t.daemonPid();
      assert.ok(second);
      process.kill(second, 'SIGKILL');
      await waitFor('the second daemon gone', () => !isAlive(second));
      assert.deepEqual([...countByName(await t.jlist())].sort(), [...instances].sort());
      const plan = await t.tend(['plan', file, '--detailed-exitcode']);
      assert.equal(plan.code, 0, `nothing left to change: ${plan.stdout}${plan.stderr}`);
    });
  }
});
