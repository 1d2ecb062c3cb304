// Running out of inotify watches is reported, once, and clearly. The daemon is started inside its
// own user namespace whose inotify limit is lowered to 10 (a per-namespace limit since Linux 5.11),
// so the host's limit and everybody else's watchers are untouched.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tendBin } from '../support/cli.js';
import { daemonLogEntries, makeHome, waitFor, type TestHome } from '../support/daemon.js';

const idleApp = join(repoRoot, 'test/fixtures/monitor/idle.js');

function canLowerLimit(): boolean {
  const probe = spawnSync('unshare', ['-U', '-r', 'sh', '-c', 'echo 10 > /proc/sys/user/max_inotify_watches'], { encoding: 'utf8' });
  return probe.status === 0;
}

function problems(home: string): Array<{ app?: string; code?: string; err?: string }> {
  return daemonLogEntries<{ msg: string; app?: string; code?: string; err?: string }>(home).filter((line) => line.msg === 'watch problem');
}

describe('watch limit', { skip: canLowerLimit() ? false : 'cannot create a user namespace with its own inotify limit here' }, () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-watch-limit-');
  });
  after(async () => {
    await t.cleanup();
  });

  test('ENOSPC from a full inotify table is reported once as E_WATCH_LIMIT, in the log and to the next command', async () => {
    const appDir = join(t.dir, 'app');
    for (let i = 0; i < 40; i++) mkdirSync(join(appDir, `dir-${i}`, 'sub'), { recursive: true });
    copyFileSync(idleApp, join(appDir, 'app.js'));
    const script = `echo 10 > /proc/sys/user/max_inotify_watches && exec "$0" "$@"`;
    const started = spawnSync('unshare', ['-U', '-r', 'sh', '-c', script, process.execPath, tendBin, 'start', 'app.js', '--name', 'big', '--watch', '-s'], {
      cwd: appDir,
      env: { ...process.env, TEND_HOME: t.home },
      encoding: 'utf8',
    });
    assert.equal(started.status, 0, started.stderr);
    const [problem] = await waitFor('the problem logged', () => {
      const found = problems(t.home);
      return found.length > 0 ? found : null;
    });
    assert.equal(problem?.app, 'big');
    assert.equal(problem.code, 'E_WATCH_LIMIT');
    assert.match(problem.err ?? '', /ENOSPC/);
    const ls = await t.tend(['ls']);
    assert.equal(ls.code, 0, ls.stderr);
    assert.match(ls.stderr, /E_WATCH_LIMIT: watching big: the system limit on watched files was reached/);
    assert.match(ls.stderr, /max_user_watches/);
    const again = await t.tend(['ls']);
    assert.doesNotMatch(again.stderr, /E_WATCH_LIMIT/, 'told once');
    assert.equal(problems(t.home).length, 1, 'logged once, not once per directory');
  });
});
