// `tend history` and `tend rollback`: applied revisions are recorded, and an earlier one can be
// planned and applied again. Also: a second apply while one runs is refused, naming the holder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { makeHome, waitFor, type TestHome } from '../support/daemon.js';

const ticker = join(repoRoot, 'test/fixtures/daemon/ticker.js');

function file(greeting: string, extra = ''): string {
  return `apps:\n  - name: greeter\n    script: ${ticker}\n    env:\n      GREETING: ${greeting}\n${extra}`;
}

describe('history and rollback', () => {
  let t: TestHome;
  let path: string;
  before(() => {
    t = makeHome();
    path = join(t.dir, 'ecosystem.yaml');
  });
  after(async () => {
    await t.cleanup();
  });

  test('history lists applied revisions; rollback re-applies the previous one', async () => {
    for (const greeting of ['one', 'two', 'three']) {
      writeFileSync(path, file(greeting));
      const applied = await t.tend(['apply', path]);
      assert.equal(applied.code, 0, applied.stderr);
    }
    const history = await t.tend(['history', 'greeter', '--json']);
    assert.equal(history.code, 0, history.stderr);
    const revisions = JSON.parse(history.stdout) as Array<{ revision: number; changed: string[] }>;
    assert.deepEqual(
      revisions.map((r) => r.revision),
      [1, 2, 3],
    );
    assert.ok(revisions[2]?.changed.includes('/env/GREETING'));

    const rolled = await t.tend(['rollback', 'greeter']);
    assert.equal(rolled.code, 0, rolled.stderr);
    assert.match(rolled.stdout, /reload greeter/);
    await waitFor(
      'greeting two',
      async () => (await t.jlist()).find((r) => r.name === 'greeter' && r.pm2_env.status === 'online')?.pm2_env.env.GREETING === 'two',
    );

    const to = await t.tend(['rollback', 'greeter', '--to-revision', '1']);
    assert.equal(to.code, 0, to.stderr);
    await waitFor(
      'greeting one',
      async () => (await t.jlist()).find((r) => r.name === 'greeter' && r.pm2_env.status === 'online')?.pm2_env.env.GREETING === 'one',
    );

    const missing = await t.tend(['rollback', 'greeter', '--to-revision', '99']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /E_REVISION_NOT_FOUND/);
  });

  test('a second apply while one holds the lock is refused, naming the holder', async () => {
    // wait_ready with a long listen_timeout keeps the first apply busy: the app never says ready.
    writeFileSync(path, file('slow', '    wait_ready: true\n    listen_timeout: 4000\n'));
    const first = t.tend(['apply', path]);
    // Once the instance is being replaced, the first apply holds the lock until its listen_timeout.
    await waitFor('the first apply to be reloading', async () => (await t.jlist()).some((r) => r.name === 'greeter' && r.pm2_env.status === 'launching'));
    const second = await t.tend(['apply', path]);
    assert.match(second.stderr, /E_APPLY_LOCKED/);
    assert.equal(second.code, 1);
    assert.match(second.stderr, /another apply is running \(tend apply \(pid \d+/);
    const firstResult = await first;
    assert.equal(firstResult.code, 1, 'the app never became ready: a failed start, reported');
    assert.match(firstResult.stderr, /E_APPLY_FAILED/);
  });
});
