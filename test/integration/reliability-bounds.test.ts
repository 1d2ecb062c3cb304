// Bounded memory and quiet ends: a log subscriber that stops reading during a 200,000-line flood costs
// the daemon a bounded buffer (it is told how many lines it missed), and `tend logs | head -2` ends
// with exit 0 and no stack trace.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { repoRoot, tendBin } from '../support/cli.js';
import { makeHome, waitFor, type TestHome } from '../support/daemon.js';

const floodApp = join(repoRoot, 'dist/test/fixtures/log-apps/flood.js');
const mib = 2 ** 20;

function rssOf(pid: number): number {
  const kib = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kib ?? 0) * 1024;
}

describe('a subscriber that stops reading during a flood', () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-bounds-');
  });
  after(async () => {
    await t.cleanup();
  });

  test('daemon RSS stays under 150 MiB; the reader is told how many lines it missed once it reads again', async (t2) => {
    const ping = await t.tend(['ping']);
    assert.equal(ping.code, 0, ping.stderr);
    const daemon = t.daemonPid();
    assert.ok(daemon);
    const file = join(t.dir, 'flood.yaml');
    writeFileSync(file, `apps:\n  - name: flood\n    script: ${floodApp}\n    args: [f, "200000", out]\n    autorestart: false\n`);

    // A raw client on the socket: subscribes to logs, then stops reading.
    const socket = connect(join(t.home, 'rpc.sock'));
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`${JSON.stringify({ id: 1, method: 'subscribe', params: { logs: true } })}\n`);
    let received = '';
    const gotReply = new Promise<void>((resolve) => {
      const onData = (chunk: Buffer): void => {
        received += chunk.toString('utf8');
        if (received.includes('"subscribed"')) {
          socket.off('data', onData);
          resolve();
        }
      };
      socket.on('data', onData);
    });
    await gotReply;
    socket.pause();

    const baseline = rssOf(daemon);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(daemon))), 50);
    try {
      const started = await t.tend(['start', file]);
      assert.equal(started.code, 0, started.stderr);
      await waitFor(
        'the flood written to the log file',
        () => readFileSync(join(t.home, 'logs', 'flood-out.log'), 'utf8').split('\n').length > 200_000,
        120_000,
      );
    } finally {
      clearInterval(sampler);
    }
    t2.diagnostic(`daemon RSS ${(baseline / mib).toFixed(0)} MiB before, peak ${(peak / mib).toFixed(0)} MiB during 200,000 lines with a paused subscriber`);
    assert.ok(peak < 150 * mib, `peak RSS ${(peak / mib).toFixed(0)} MiB`);

    // Reading again: the buffered lines arrive, then the count of the dropped ones.
    // Checked as each chunk arrives: the restarted flood's lines that follow would push the notice out
    // of any window kept for a later look (it was missed that way under load).
    const dropNotice = /\d+ event\(s\) were dropped: this client read too slowly/;
    let tail = '';
    let noticed = false;
    socket.on('data', (chunk: Buffer) => {
      const window = tail + chunk.toString('utf8');
      if (dropNotice.test(window)) noticed = true;
      tail = window.slice(-4096);
    });
    socket.resume();
    const restart = await t.tend(['restart', 'flood']);
    assert.equal(restart.code, 0, restart.stderr);
    await waitFor('the drop notice', () => noticed, 60_000);
    socket.destroy();
  });

  test('`tend logs flood | head -2` exits 0 with no stack trace', async () => {
    // 20,000 lines of tail overflow the pipe once head is gone, so the write fails (EPIPE) whether or
    // not the app still writes; 50 lines fitted in the pipe and left tend following an app that had ended.
    const result = await new Promise<{ code: number; stderr: string; stdout: string }>((resolve) => {
      const child = spawn('bash', ['-c', `set -o pipefail; "${process.execPath}" "${tendBin}" logs flood --lines 20000 | head -2`], {
        env: { ...process.env, TEND_HOME: t.home, NO_COLOR: '1' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.split('\n').filter(Boolean).length, 2);
    assert.doesNotMatch(result.stderr, /EPIPE|\n\s+at /);
  });
});
