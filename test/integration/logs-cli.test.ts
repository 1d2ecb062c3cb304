// `tend logs`, `flush` and `reloadLogs` through the real CLI and daemon.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tendBin } from '../support/cli.js';
import { makeHome, waitFor, type TestHome } from '../support/daemon.js';

const app = join(repoRoot, 'test/fixtures/daemon/on-signal.js');

describe('tend logs', () => {
  let t: TestHome;
  before(async () => {
    t = makeHome();
    const started = await t.tend(['start', app, '--name', 'talker', '-s']);
    assert.equal(started.code, 0, started.stderr);
    await waitFor('30 lines written', () => readFileSync(join(t.home, 'logs/talker-out.log'), 'utf8').includes('line 30'));
  });
  after(async () => {
    await t.cleanup();
  });

  test('--lines N --nostream prints the last N lines and exits', async () => {
    const result = await t.tend(['logs', 'talker', '--lines', '5', '--nostream', '--out']);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout
      .trim()
      .split('\n')
      .filter((line) => line.includes('|talker'));
    assert.deepEqual(
      lines.map((line) => line.replace(/^.*\| /, '')),
      ['line 26', 'line 27', 'line 28', 'line 29', 'line 30'],
    );
    const raw = await t.tend(['logs', 'talker', '--lines', '2', '--nostream', '--raw', '--out']);
    assert.deepEqual(raw.stdout.trim().split('\n'), ['line 29', 'line 30']);
  });

  test('streams a line written after it started', async () => {
    const child = spawn(process.execPath, [tendBin, 'logs', 'talker', '--lines', '0', '--raw'], { env: { ...process.env, TEND_HOME: t.home } });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    try {
      // The subscription is live once the CLI has connected; signal until a line shows up.
      await waitFor('a streamed line', async () => {
        await t.tend(['sendSignal', 'SIGUSR2', 'talker']);
        return output.includes('signalled');
      });
    } finally {
      child.kill('SIGINT');
    }
  });

  test('flush empties the files; reloadLogs reopens after an external rename', async () => {
    const out = join(t.home, 'logs/talker-out.log');
    const flushed = await t.tend(['flush', 'talker']);
    assert.equal(flushed.code, 0, flushed.stderr);
    assert.equal(readFileSync(out, 'utf8'), '');
    renameSync(out, `${out}.1`);
    const reopened = await t.tend(['reloadLogs']);
    assert.equal(reopened.code, 0, reopened.stderr);
    await t.tend(['sendSignal', 'SIGUSR2', 'talker']);
    await waitFor('a line in the new file', () => {
      try {
        return readFileSync(out, 'utf8').includes('signalled');
      } catch {
        return false;
      }
    });
  });

  test('the daemon log is readable', async () => {
    const result = await t.tend(['logs', '--daemon', '--nostream', '--lines', '5']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /tend \|/);
  });
});
