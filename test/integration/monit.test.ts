// `tend monit` in a real terminal: tmux runs it at 80×24 against a daemon with a running app;
// capture-pane shows the app and one of its log lines, the dashboard redraws at a new size,
// moves the selection with j, and quits on q.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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
    await waitFor('redrawn at 100 columns', () => screen().split('\n').some((line) => line.startsWith('╭') && [...line].length === 100) || null);

    tmux('send-keys', '-t', 'monit', 'j');
    await waitFor('second app selected', () => /name\s+quiet \(id \d+\)/.test(screen()) || null);

    tmux('send-keys', '-t', 'monit', 'q');
    await waitFor('monit exited', () => tmux('has-session', '-t', 'monit').status !== 0 || null);
  });
});
