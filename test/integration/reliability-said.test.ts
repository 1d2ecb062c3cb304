// Failures said out loud: a state.json that cannot be written fails the command that changed it and
// warns every command until a write succeeds; a TEND_HOME that cannot be a home gets a coded error;
// requests that arrive while the daemon stops are refused; SIGHUP reopens log files and keeps the apps.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runCli, type CliResult } from '../support/cli.js';
import { isAlive, makeHome, waitFor, type TestHome } from '../support/daemon.js';

const fixtures = join(repoRoot, 'test/fixtures/reliability');

function assertNoStack(result: CliResult): void {
  assert.doesNotMatch(result.stderr, /\n\s+at .+:\d+:\d+/, `stack trace in:\n${result.stderr}`);
}

describe('state.json that cannot be written', () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-said-state-');
  });
  after(async () => {
    await t.cleanup();
  });

  test('the changing command exits 1 with E_STATE_WRITE, every command warns, the daemon retries until it can', async () => {
    const first = await t.tend(['start', join(fixtures, 'idle.sh'), '--name', 'before']);
    assert.equal(first.code, 0, first.stderr);
    // The state's journal (where a change is written first) taken by a directory: opening it for
    // writing fails, even for root.
    const blocker = join(t.home, 'state.journal');
    rmSync(blocker, { force: true });
    mkdirSync(blocker);
    const start = await t.tend(['start', join(fixtures, 'idle.sh'), '--name', 'unsaved', '-f']);
    assert.equal(start.code, 1, start.stdout);
    assert.match(start.stderr, /error E_STATE_WRITE: cannot write .*state\.journal \(EISDIR\)/);
    assert.match(start.stderr, /hint: .*retries/);
    assertNoStack(start);
    const ls = await t.tend(['ls']);
    assert.equal(ls.code, 0, ls.stderr);
    assert.match(ls.stderr, /warning: cannot write .*state\.journal/);
    assert.doesNotMatch(readFileSync(join(t.home, 'state.json'), 'utf8'), /unsaved/);

    rmdirSync(blocker);
    const saved = (file: string): string => {
      try {
        return readFileSync(join(t.home, file), 'utf8');
      } catch {
        return '';
      }
    };
    await waitFor('state written again', () => `${saved('state.json')}${saved('state.journal')}`.includes('"unsaved"'));
    const quiet = await t.tend(['ls']);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.doesNotMatch(quiet.stderr, /warning/);
    assert.deepEqual(
      readdirSync(t.home).filter((name) => name.includes('.tmp')),
      [],
      'no temp file left',
    );
  });
});

describe('a TEND_HOME that cannot be a home', () => {
  let dir: TestHome;
  before(() => {
    dir = makeHome('tend-said-home-');
    mkdirSync(dir.dir, { recursive: true });
  });
  after(async () => {
    await dir.cleanup();
  });

  test('a file, or a path below a file: E_HOME_INVALID, exit 1, no stack', async () => {
    const file = join(dir.dir, 'a-file');
    writeFileSync(file, 'not a directory\n');
    for (const home of [file, join(file, 'below')]) {
      const result = await runCli(['ls'], { home });
      assert.equal(result.code, 1, result.stdout);
      assert.match(result.stderr, /error E_HOME_INVALID: TEND_HOME .* is not a directory/);
      assert.doesNotMatch(result.stderr, /tend\.log/);
      assertNoStack(result);
    }
  });

  test('a folder the file system refuses to create (under /proc): E_HOME_INVALID, not a hang', async (t2) => {
    if (!existsSync('/proc/self')) {
      t2.skip('no /proc here');
      return;
    }
    // Node 20's recursive mkdir never returns for /proc/<missing>; each command hung on it.
    for (const home of ['/proc/tend-no-such-home', '/proc/tend-no-such-home/below']) {
      for (const command of [['ping'], ['ls'], ['describe', 'x']]) {
        const result = await runCli(command, { home });
        assert.equal(result.code, 1, result.stdout);
        assert.match(result.stderr, /error E_HOME_INVALID: TEND_HOME .* cannot be written \(ENOENT\)/);
        assertNoStack(result);
      }
    }
  });
});

describe('a TEND_HOME on a read-only file system', () => {
  let t: TestHome;
  let mounted = false;
  before(() => {
    t = makeHome('tend-said-rofs-');
    mkdirSync(join(t.dir, 'ro'), { recursive: true });
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', join(t.dir, 'ro')]).status === 0;
  });
  after(async () => {
    if (mounted) spawnSync('umount', ['-l', join(t.dir, 'ro')]);
    await t.cleanup();
  });

  test('E_HOME_INVALID naming the errno, exit 1, and no hint at a tend.log that cannot exist', async (t2) => {
    if (!mounted) {
      t2.skip('cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN)');
      return;
    }
    const result = await runCli(['ls'], { home: join(t.dir, 'ro', 'home') });
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stderr, /error E_HOME_INVALID: TEND_HOME .* cannot be written \(EROFS\)/);
    assert.doesNotMatch(result.stderr, /tend\.log/);
    assertNoStack(result);
  });
});

describe('the daemon stopping', () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-said-kill-');
  });
  after(async () => {
    await t.cleanup();
  });

  test('`tend start` during `tend kill` is refused (E_DAEMON_STOPPING) and nothing comes back afterwards', async () => {
    const slow = await t.tend(['start', join(fixtures, 'slow-stop.cjs'), '--name', 'slow', '--kill-timeout', '5000'], { env: { STOP_MS: '1500' } });
    assert.equal(slow.code, 0, slow.stderr);
    const daemon = t.daemonPid();
    assert.ok(daemon);
    const killing = t.tend(['kill']);
    // Kill forgets the apps first (state.json without them), then waits for `slow` to stop (1.5 s).
    await waitFor('the kill under way', () => readFileSync(join(t.home, 'state.json'), 'utf8').includes('"apps":[]'));
    const late = await t.tend(['start', join(fixtures, 'idle.sh'), '--name', 'late']);
    const killed = await killing;
    assert.equal(killed.code, 0, killed.stderr);
    assert.equal(late.code, 1, late.stdout);
    assert.match(late.stderr, /error E_DAEMON_STOPPING/);
    assertNoStack(late);
    await waitFor('old daemon gone', () => !isAlive(daemon));
    assert.deepEqual(
      (await t.jlist()).map((r) => r.name),
      [],
      'nothing comes back',
    );
  });
});

describe('SIGHUP to the daemon', () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-said-hup-');
  });
  after(async () => {
    await t.cleanup();
  });

  test('reopens the log files; every app stays online, same pids, same daemon', async () => {
    for (const name of ['h1', 'h2']) {
      const started = await t.tend(['start', join(fixtures, 'idle.sh'), '--name', name, '-f']);
      assert.equal(started.code, 0, started.stderr);
    }
    const before = await waitFor('2 online', async () => {
      const list = (await t.jlist()).filter((r) => r.pm2_env.status === 'online');
      return list.length === 2 ? list : null;
    });
    const daemon = t.daemonPid();
    assert.ok(daemon);
    process.kill(daemon, 'SIGHUP');
    await waitFor('reopened', () => readFileSync(join(t.home, 'tend.log'), 'utf8').includes('log files reopened'));
    assert.ok(isAlive(daemon), 'the daemon still runs');
    const afterHup = await t.jlist();
    assert.deepEqual(
      afterHup.map((r) => [r.name, r.pid, r.pm2_env.status]),
      before.map((r) => [r.name, r.pid, 'online']),
    );
  });
});

describe('a JS ecosystem file that never finishes loading', () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-said-eval-');
    mkdirSync(t.dir, { recursive: true });
    writeFileSync(join(t.dir, 'never.config.js'), 'module.exports = new Promise(() => {});\n');
    writeFileSync(join(t.dir, 'endless.config.js'), 'while (true) {}\n');
  });
  after(async () => {
    await t.cleanup();
  });

  const verbs: string[][] = [['plan'], ['plan', '--detailed-exitcode'], ['apply', '--yes'], ['validate'], ['status'], ['start'], ['restart']];
  for (const file of ['never.config.js', 'endless.config.js']) {
    test(`${file}: E_FILE_EVAL and exit 1 from ${verbs.map((v) => v.join(' ')).join(', ')}`, async () => {
      for (const verb of verbs) {
        const [command, ...flags] = verb;
        const result = await t.tend([command as string, join(t.dir, file), ...flags], { env: { TEND_EVAL_TIMEOUT: '1' } });
        assert.equal(result.code, 1, `${verb.join(' ')}: ${result.stdout}${result.stderr}`);
        assert.match(result.stderr, /error E_FILE_EVAL: .* did not finish loading within 1 s/, verb.join(' '));
        assertNoStack(result);
      }
    });
  }
});

describe('an app whose cwd was removed', () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-said-cwd-');
  });
  after(async () => {
    await t.cleanup();
  });

  test('its restart says so (E_CWD_MISSING), keeps retrying, and the app comes back with the directory', async () => {
    const release = join(t.dir, 'release');
    const moved = join(t.dir, 'release.moved');
    mkdirSync(release, { recursive: true });
    writeFileSync(join(release, 'app.cjs'), 'setInterval(() => undefined, 60_000);\n');
    const started = await t.tend(['start', join(release, 'app.cjs'), '--name', 'gone', '--cwd', release]);
    assert.equal(started.code, 0, started.stderr);
    const [first] = await t.jlist();
    assert.ok(first && first.pid > 0);
    renameSync(release, moved);
    process.kill(first.pid, 'SIGKILL');
    await waitFor('the missing cwd reported', () => readFileSync(join(t.home, 'tend.log'), 'utf8').includes('E_CWD_MISSING'));
    await waitFor('a second try', () => (readFileSync(join(t.home, 'tend.log'), 'utf8').match(/does not exist: retrying/g) ?? []).length >= 2);
    const waiting = await t.jlist();
    assert.equal(waiting[0]?.pm2_env.status, 'waiting restart', 'not errored for good');
    renameSync(moved, release);
    const back = await waitFor(
      'online again',
      async () => {
        const [record] = await t.jlist();
        return record && record.pm2_env.status === 'online' && record.pid > 0 && record.pid !== first.pid ? record : null;
      },
      30_000,
    );
    assert.equal(back.name, 'gone');
  });
});

describe("the daemon's own log", () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-said-log-');
  });
  after(async () => {
    await t.cleanup();
  });

  test('tend.log is rotated by size (tend.log.1, …) while an app crash-loops', async () => {
    const limit = 4096;
    const started = await t.tend(['start', join(fixtures, 'crash.sh'), '--name', 'looper', '--restart-delay', '100', '--min-uptime', '0'], {
      env: { TEND_DAEMON_LOG_MAX_SIZE: String(limit) },
    });
    assert.equal(started.code, 0, started.stderr);
    await waitFor('tend.log.1', () => readdirSync(t.home).includes('tend.log.1'), 30_000);
    assert.ok(readFileSync(join(t.home, 'tend.log.1'), 'utf8').length >= limit);
    await waitFor('writing goes on in the new tend.log', () => readFileSync(join(t.home, 'tend.log'), 'utf8').includes('"msg"'));
    const stopped = await t.tend(['delete', 'looper']);
    assert.equal(stopped.code, 0, stopped.stderr);
  });
});
