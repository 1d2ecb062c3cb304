// PM2's pm2_env.prev_restart_delay: the last exponential-backoff delay, which tools read from jlist and
// from the API's describe() to show how long a crash-looping app waits before its next start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { makeHome, waitFor } from '../support/daemon.js';

test('jlist shows prev_restart_delay growing with the exponential backoff', async () => {
  const t = makeHome('tend-backoff-');
  try {
    const crasher = join(repoRoot, 'test/fixtures/apps/crasher.cjs');
    const started = await t.tend(['start', crasher, '--name', 'loop', '--exp-backoff-restart-delay', '100'], { env: { AFTER_MS: '1200' } });
    assert.equal(started.code, 0, started.stderr);
    const first = await waitFor('a first backoff delay', async () => {
      const delay = (await t.jlist()).find((record) => record.name === 'loop')?.pm2_env.prev_restart_delay;
      return typeof delay === 'number' && delay > 0 ? delay : null;
    });
    assert.equal(first, 100, 'the first delay is the configured one');
    const second = await waitFor(
      'a longer delay after the next crash',
      async () => {
        const delay = (await t.jlist()).find((record) => record.name === 'loop')?.pm2_env.prev_restart_delay;
        return typeof delay === 'number' && delay > first ? delay : null;
      },
      20_000,
    );
    assert.equal(second, 150, '×1.5 per crash');
  } finally {
    await t.cleanup();
  }
});
