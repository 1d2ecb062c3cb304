// The guide's smaller items: `tend deploy help` prints the usage; `tend logs` shows the daemon's exit and
// "restart in N ms" lines for the app, as PM2 does; the `[n/n] … done` progress lines come before the
// final table on the same stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tendBin } from '../support/cli.js';
import { makeHome, waitFor } from '../support/daemon.js';

test('tend deploy help prints the deploy usage', async () => {
  const t = makeHome('tend-guide-deploy-help-');
  try {
    const result = await t.tend(['deploy', 'help'], { cwd: t.dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Usage: tend deploy/);
    assert.match(result.stdout, /setup\|update\|revert/);
  } finally {
    await t.cleanup();
  }
});

test('tend logs shows when the app exits and when it restarts', async () => {
  const t = makeHome('tend-guide-logs-');
  try {
    const file = join(t.dir, 'ecosystem.config.js');
    const app = { name: 'crasher', script: join(repoRoot, 'test/fixtures/apps/crasher.cjs'), min_uptime: 200, restart_delay: 300, env: { AFTER_MS: '600' } };
    writeFileSync(file, `module.exports = { apps: [${JSON.stringify(app)}] };\n`);
    const started = await t.tend(['start', file]);
    assert.equal(started.code, 0, started.stderr);
    const child = spawn(process.execPath, [tendBin, 'logs', 'crasher', '--lines', '0'], { env: { ...process.env, TEND_HOME: t.home, NO_COLOR: '1' } });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    try {
      await waitFor('an exit line with its restart delay', () => /App \[crasher:0\] exited with code \[1\], will restart in \d+ ms/.test(output));
    } finally {
      child.kill('SIGINT');
    }
  } finally {
    await t.cleanup();
  }
});

test('the [n/n] progress lines print before the final table', async () => {
  const t = makeHome('tend-guide-progress-');
  try {
    const started = await t.tend(['start', join(repoRoot, 'test/fixtures/monitor/idle.js'), '--name', 'quiet']);
    assert.equal(started.code, 0, started.stderr);
    const done = started.stdout.indexOf('[1/1] create quiet: done');
    const table = started.stdout.indexOf('│ id');
    assert.ok(done !== -1 && table !== -1 && done < table, started.stdout);
  } finally {
    await t.cleanup();
  }
});
