// `tend update` after `delete all`: PM2's update saves (an empty list keeps the old dump), kills and
// resurrects, so the apps of the dump come back; tend does the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { makeHome, waitFor } from '../support/daemon.js';

test('update after delete all brings back the apps of the dump, as PM2', async () => {
  const t = makeHome('tend-update-');
  try {
    assert.equal((await t.tend(['start', join(repoRoot, 'test/fixtures/monitor/idle.js'), '--name', 'kept'])).code, 0);
    assert.equal((await t.tend(['save'])).code, 0);
    assert.equal((await t.tend(['delete', 'all'])).code, 0);
    const updated = await t.tend(['update']);
    assert.equal(updated.code, 0, updated.stderr);
    await waitFor('kept online again', async () => (await t.jlist()).find((record) => record.name === 'kept' && record.pm2_env.status === 'online'));
  } finally {
    await t.cleanup();
  }
});
