// A cluster app's name can be reused: that an earlier app of the name listened says nothing about a
// later one (the PM2 guide names every app `app`). Before, the daemon remembered the name for good and
// a later queue-worker cluster app of that name failed with "did not listen within listen_timeout".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { makeHome } from '../support/daemon.js';

test('a non-HTTP cluster app may take the name of a deleted HTTP cluster app', async () => {
  const t = makeHome('tend-cluster-name-');
  try {
    const http = await t.tend(['start', join(repoRoot, 'test/fixtures/apps/http-server.cjs'), '--name', 'app', '-i', '2']);
    assert.equal(http.code, 0, http.stderr);
    assert.equal((await t.tend(['delete', 'app'])).code, 0);
    const worker = await t.tend(['start', join(repoRoot, 'test/fixtures/monitor/idle.js'), '--name', 'app', '-i', '2', '--listen-timeout', '1500']);
    assert.equal(worker.code, 0, worker.stderr);
    const records = await t.jlist();
    assert.deepEqual(
      records.map((record) => record.pm2_env.status),
      ['online', 'online'],
    );
  } finally {
    await t.cleanup();
  }
});
