// A wait_ready app slower than listen_timeout, with no older instance to fall back to (start, restart):
// tend keeps the process running and says it is not ready (exit 1, naming the app and the timeout)
// instead of killing it and leaving the app errored with its port dead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { isAlive, makeHome } from '../support/daemon.js';

test('a readiness timeout on start or restart keeps the process running and exits 1 with a warning', async () => {
  const t = makeHome('tend-guide-ready-');
  try {
    const file = join(t.dir, 'ecosystem.config.js');
    const app = {
      name: 'slow',
      script: join(repoRoot, 'test/fixtures/apps/wait-ready.cjs'),
      wait_ready: true,
      listen_timeout: 800,
      env: { READY_AFTER_MS: '600000' },
    };
    writeFileSync(file, `module.exports = { apps: [${JSON.stringify(app)}] };\n`);
    const running = async (): Promise<number> => {
      const records = await t.jlist();
      assert.equal(records.length, 1);
      const [record] = records;
      assert.ok(record);
      assert.equal(record.pm2_env.status, 'online');
      assert.ok(isAlive(record.pid));
      return record.pid;
    };
    const notReady = (result: { code: number; stdout: string; stderr: string }): void => {
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.match(result.stdout + result.stderr, /slow.*listen_timeout \(800 ms\).*keeps running/s);
    };

    notReady(await t.tend(['start', file]));
    const first = await running();
    notReady(await t.tend(['restart', 'slow']));
    const second = await running();
    assert.notEqual(second, first);
    notReady(await t.tend(['restart', file]));
    assert.notEqual(await running(), second);
  } finally {
    await t.cleanup();
  }
});
