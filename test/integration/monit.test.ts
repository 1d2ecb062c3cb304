// `tend monit` in a real terminal: tmux runs it at 80×24 against a daemon with a running app;
// capture-pane shows the app and one of its log lines, the dashboard redraws at a new size,
// moves the selection with j, and quits on q. With more apps than rows the title says how many are
// hidden, and an app selected for the first time shows each of its lines once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tendBin } from '../support/cli.js';
import { makeHome, waitFor, type TestHome } from '../support/daemon.js';
import { whyMissing } from '../support/tools.js';

const chatty = join(repoRoot, 'test/fixtures/monitor/chatty.js');
const idle = join(repoRoot, 'test/fixtures/monitor/idle.js');

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

describe('tend monit', { skip: whyMissing('tmux') }, () => {
  let t: TestHome;
  let socket: string;
  const tmux = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
    const result = spawnSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const screen = (): string => tmux('capture-pane', '-p', '-t', 'monit').stdout;

  before(() => {
    t = makeHome('tend-monit-');
    socket = join(t.dir, 'tmux.sock');
  });
  after(async () => {
    tmux('kill-server');
    await t.cleanup();
  });

  test('shows the running apps and a log line, redraws on resize, navigates, quits on q', async () => {
    for (const args of [
      ['start', chatty, '--name', 'chatty', '-s'],
      ['start', idle, '--name', 'quiet', '-s'],
    ]) {
      const started = await t.tend(args);
      assert.equal(started.code, 0, started.stderr);
    }
    const command = `env TEND_HOME=${quote(t.home)} NO_COLOR=1 ${quote(process.execPath)} ${quote(tendBin)} monit`;
    const opened = tmux('new-session', '-d', '-x', '80', '-y', '24', '-s', 'monit', command);
    assert.equal(opened.status, 0, opened.stderr);

    const first = await waitFor('the app and a log line on screen', () => {
      const text = screen();
      return /tend monit/.test(text) && /chatty\s+fork\s+online/.test(text) && /chatty line \d+/.test(text) ? text : null;
    });
    assert.match(first, /quiet/);
    const lines = first.trimEnd().split('\n');
    assert.ok(lines.length <= 24 && lines.every((line) => [...line].length <= 80), 'fits in 80×24');

    tmux('resize-window', '-t', 'monit', '-x', '100', '-y', '30');
    await waitFor(
      'redrawn at 100 columns',
      () =>
        screen()
          .split('\n')
          .some((line) => line.startsWith('╭') && [...line].length === 100) || null,
    );

    tmux('send-keys', '-t', 'monit', 'j');
    await waitFor('second app selected', () => /name\s+quiet \(id \d+\)/.test(screen()) || null);

    tmux('send-keys', '-t', 'monit', 'q');
    await waitFor('monit exited', () => tmux('has-session', '-t', 'monit').status !== 0 || null);
  });

  test('an app selected for the first time shows each line once; at 80×24 the title says how many rows are hidden', async () => {
    // A slow ticker: the lines it logs between opening monit and selecting it are both live and in its file.
    const ticks = join(t.dir, 'ticks.js');
    writeFileSync(ticks, 'let n = 0;\nsetInterval(() => console.log(`tick ${++n}`), 150);\n');
    const file = join(t.dir, 'more.yaml');
    writeFileSync(
      file,
      `apps:\n${['a', 'b', 'c', 'd', 'e', 'f'].map((name) => `  - name: idle-${name}\n    script: ${idle}\n`).join('')}  - name: ticks\n    script: ${ticks}\n`,
    );
    const applied = await t.tend(['apply', file]);
    assert.equal(applied.code, 0, applied.stderr);
    const outLog = (await t.jlist()).find((r) => r.name === 'ticks')?.pm2_env.pm_out_log_path;
    assert.equal(typeof outLog, 'string');
    const logged = (): number => readFileSync(outLog as string, 'utf8').split('\n').length;

    const command = `env TEND_HOME=${quote(t.home)} NO_COLOR=1 ${quote(process.execPath)} ${quote(tendBin)} monit`;
    assert.equal(tmux('new-session', '-d', '-x', '80', '-y', '24', '-s', 'monit', command).status, 0);
    const title = await waitFor('the dashboard', () => /tend monit — 9 processes/.test(screen()) && screen());
    assert.match(title, /tend monit — 9 processes · 4 hidden \(↑\/↓ to scroll\)/);

    const before = logged();
    await waitFor('a few live lines since monit opened', () => logged() >= before + 4);
    tmux('send-keys', '-t', 'monit', 'G');
    const shown = await waitFor('the ticks app selected, with its lines', () => {
      const text = screen();
      return /name\s+ticks \(id \d+\)/.test(text) && (text.match(/tick \d+/g) ?? []).length >= 8 && text;
    });
    const seen = shown.match(/tick \d+/g) ?? [];
    assert.deepEqual(seen, [...new Set(seen)], `each line once:\n${shown}`);

    tmux('send-keys', '-t', 'monit', 'q');
    await waitFor('monit exited', () => tmux('has-session', '-t', 'monit').status !== 0 || null);
  });
});
