// The README's promise that one change costs the same with 5 or thousands of apps, checked as bytes the
// daemon writes (its /proc io counter), not as a timing: a stop and a start of one app must write about
// as much in a home of 1,000 registered apps as in a home of 5. Rewriting the whole state per change
// would write hundreds of kilobytes at 1,000 apps.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { makeHome, type TestHome } from '../support/daemon.js';

const idle = join(repoRoot, 'test/fixtures/reliability/idle.sh');

/** Bytes the process has written through write(2) and friends: files, sockets and pipes alike. */
function bytesWritten(pid: number): number {
  const match = /^wchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
  assert.ok(match?.[1], 'the io counters of the daemon are readable');
  return Number(match[1]);
}

/** Registers `count` apps (not started), then returns what one stop and one start of the first app cost. */
async function costOfOneChange(t: TestHome, count: number): Promise<number> {
  const apps = Array.from({ length: count }, (_, index) => ({ name: `app-${index}`, script: idle, autostart: false }));
  const file = join(t.dir, 'ecosystem.json');
  writeFileSync(file, JSON.stringify({ apps }));
  const applied = await t.tend(['apply', file, '--yes']);
  assert.equal(applied.code, 0, applied.stderr);
  const started = await t.tend(['start', 'app-0']);
  assert.equal(started.code, 0, started.stderr);
  const daemon = t.daemonPid();
  assert.ok(daemon, 'the daemon runs');
  const before = bytesWritten(daemon);
  const stopped = await t.tend(['stop', 'app-0']);
  assert.equal(stopped.code, 0, stopped.stderr);
  const restarted = await t.tend(['start', 'app-0']);
  assert.equal(restarted.code, 0, restarted.stderr);
  return bytesWritten(daemon) - before;
}

describe('the cost of one change does not grow with the number of apps', () => {
  const homes: TestHome[] = [];
  after(async () => {
    for (const home of homes) await home.cleanup();
  });

  test('stop and start of one app write about the same bytes with 5 and 1,000 apps', async () => {
    const small = makeHome();
    const large = makeHome();
    homes.push(small, large);
    const smallCost = await costOfOneChange(small, 5);
    const largeCost = await costOfOneChange(large, 1000);
    const stateBytes = readFileSync(join(large.home, 'state.json')).length;
    assert.ok(stateBytes > 200_000, `1,000 apps make a large state (${stateBytes} bytes)`);
    assert.ok(
      largeCost <= Math.max(2 * smallCost, smallCost + 16_384),
      `one change wrote ${largeCost} bytes with 1,000 apps and ${smallCost} with 5 (the state is ${stateBytes} bytes)`,
    );
  });
});
