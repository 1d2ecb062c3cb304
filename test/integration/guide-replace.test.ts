// Fork → cluster on one port (the guide's `instances: 1 → 2`): the fork process holds the port, so the
// replace stops the old set before it starts the new one, and the plan says that costs downtime. Before,
// the new set started first and failed with EADDRINUSE. New instances get new pm_ids, as always.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { makeHome } from '../support/daemon.js';
import { freePort } from '../support/sshd.js';

test('fork → cluster on a fixed port stops the old set first and the plan says so', async () => {
  const t = makeHome('tend-guide-replace-');
  try {
    const port = await freePort();
    const file = join(t.dir, 'ecosystem.config.js');
    const write = (extra: Record<string, unknown>): void => {
      const app = { name: 'app', script: join(repoRoot, 'test/fixtures/apps/http-server.cjs'), env: { PORT: String(port) }, ...extra };
      writeFileSync(file, `module.exports = { apps: [${JSON.stringify(app)}] };\n`);
    };
    write({});
    const started = await t.tend(['start', file]);
    assert.equal(started.code, 0, started.stderr);
    const [fork] = await t.jlist();
    assert.equal(fork?.pm2_env.exec_mode, 'fork_mode');

    write({ instances: 2, exec_mode: 'cluster' });
    const planned = await t.tend(['plan', file]);
    assert.match(planned.stdout, /replace app.*downtime/);
    const applied = await t.tend(['apply', file]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    const records = await t.jlist();
    assert.deepEqual(
      records.map((record) => [record.pm2_env.exec_mode, record.pm2_env.status]),
      [
        ['cluster_mode', 'online'],
        ['cluster_mode', 'online'],
      ],
    );
    assert.ok(
      records.every((record) => record.pm_id !== fork.pm_id),
      'new pm_ids',
    );
    const answer = await fetch(`http://127.0.0.1:${port}/`);
    assert.match(await answer.text(), /^pid \d+ instance [01]/);
  } finally {
    await t.cleanup();
  }
});
