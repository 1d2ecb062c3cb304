// One daemon per TEND_HOME, whatever races it: parallel first commands, parallel starts, a removed
// socket, tend-runtime on a home whose daemon runs; and a request deadline for a daemon that is stopped.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runCli, type CliResult } from '../support/cli.js';
import { isAlive, makeHome, waitFor, type JlistRecord, type TestHome } from '../support/daemon.js';

const fixtures = join(repoRoot, 'test/fixtures/reliability');
const runtimeBin = join(repoRoot, 'bin/tend-runtime.js');

/** Live processes whose command line has `marker` (the daemon's title names its home). */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'latin1').replace(/\0/g, ' ');
      const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${entry}/status`, 'latin1'))?.[1];
      if (state !== 'Z' && cmdline.includes(marker)) found.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** Live processes started with TEND_HOME=home whose command line has `marker`. */
function appsOf(home: string, marker: string): number[] {
  return processesWith(marker).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`TEND_HOME=${home}`);
    } catch {
      return false;
    }
  });
}

/**
 * The daemons of `home`. Found by their environment, not only their title: Linux truncates a process
 * title to the length of the original command line, so a long TEND_HOME does not fit in it.
 */
const daemonsOf = (home: string): number[] => [
  ...new Set([...processesWith(`tend daemon (${home})`), ...appsOf(home, 'tend daemon'), ...appsOf(home, 'daemon/main.js')]),
];

async function oneDaemon(home: string): Promise<number> {
  const pids = await waitFor('exactly one daemon', () => {
    const found = daemonsOf(home);
    return found.length === 1 ? found : null;
  });
  return pids[0] as number;
}

function assertNoStack(result: CliResult): void {
  assert.doesNotMatch(result.stderr, /\n\s+at .+:\d+:\d+/, `stack trace in:\n${result.stderr}`);
}

describe('one daemon per home', () => {
  const homes: TestHome[] = [];
  const home = (prefix: string): TestHome => {
    const t = makeHome(prefix);
    homes.push(t);
    return t;
  };
  after(async () => {
    for (const t of homes) {
      for (const pid of [...daemonsOf(t.home), ...appsOf(t.home, 'sleep 86400')]) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
      await t.cleanup();
    }
  });

  test('20 parallel first commands on a fresh home start one daemon, and all 20 reach it', async () => {
    const t = home('tend-home-ping-');
    const results = await Promise.all(Array.from({ length: 20 }, () => t.tend(['ping'])));
    for (const result of results) assert.equal(result.code, 0, result.stderr);
    const answered = new Set(results.map((result) => (JSON.parse(result.stdout) as { pid: number }).pid));
    assert.equal(answered.size, 1, `one daemon answered: ${[...answered].join(', ')}`);
    assert.equal(await oneDaemon(t.home), [...answered][0]);
  });

  test('6 parallel starts on a fresh home: one daemon, 6 apps, no duplicate', async () => {
    const t = home('tend-home-start-');
    const script = join(fixtures, 'idle.sh');
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => t.tend(['start', script, '--name', `a${i}`, '-f'])));
    for (const result of results) assert.equal(result.code, 0, result.stderr);
    await oneDaemon(t.home);
    const records: JlistRecord[] = await t.jlist();
    assert.deepEqual(records.map((r) => r.name).sort(), ['a0', 'a1', 'a2', 'a3', 'a4', 'a5']);
    await waitFor('6 app processes', () => appsOf(t.home, 'sleep 86400').length === 6);
    const listed = new Set(records.map((r) => r.pid));
    for (const pid of appsOf(t.home, 'sleep 86400')) assert.ok(listed.has(pid), `process ${pid} is one of the listed apps`);
  });

  test('a removed socket: the next command names the owner (E_DAEMON_UNREACHABLE) and starts no second daemon', async () => {
    const t = home('tend-home-sock-');
    const started = await t.tend(['start', join(fixtures, 'idle.sh'), '--name', 'keep']);
    assert.equal(started.code, 0, started.stderr);
    const owner = await oneDaemon(t.home);
    rmSync(join(t.home, 'rpc.sock'));
    const ls = await t.tend(['ls']);
    assert.equal(ls.code, 1);
    assert.match(ls.stderr, new RegExp(`E_DAEMON_UNREACHABLE.*pid ${owner}`));
    assertNoStack(ls);
    assert.deepEqual(daemonsOf(t.home), [owner]);
    assert.equal(appsOf(t.home, 'sleep 86400').length, 1, 'the app runs once');
    // The owner, told to stop, keeps the apps; the next command brings them back, once.
    process.kill(owner, 'SIGTERM');
    await waitFor('owner gone', () => !isAlive(owner));
    const back = await t.tend(['ls']);
    assert.equal(back.code, 0, back.stderr);
    assert.match(back.stderr, /brought back 1 app/);
    await waitFor('one copy of keep', () => appsOf(t.home, 'sleep 86400').length === 1);
  });

  test('a home too long for a Unix socket path, used with two different TMPDIRs: one daemon', async () => {
    const t = home('tend-home-long-');
    const longHome = join(t.dir, 'a-rather-long-folder-name-'.repeat(4), 'home');
    const tmpA = join(t.dir, 'tmp-a');
    const tmpB = join(t.dir, 'tmp-b');
    mkdirSync(tmpA);
    mkdirSync(tmpB);
    try {
      const [a, b] = await Promise.all([
        runCli(['ping'], { home: longHome, env: { TMPDIR: tmpA } }),
        runCli(['ping'], { home: longHome, env: { TMPDIR: tmpB } }),
      ]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      const pid = (JSON.parse(a.stdout) as { pid: number }).pid;
      assert.equal((JSON.parse(b.stdout) as { pid: number }).pid, pid, 'both reached the same daemon');
      // (The daemon's title is cut short for so long a home: its lock names it.)
      assert.equal((JSON.parse(readFileSync(join(longHome, 'daemon.lock'), 'utf8')) as { pid: number }).pid, pid);
    } finally {
      await runCli(['kill'], { home: longHome });
    }
  });

  test('tend-runtime on a home whose daemon runs is refused, and the daemon keeps its socket and state', async () => {
    const t = home('tend-home-runtime-');
    const started = await t.tend(['start', join(fixtures, 'idle.sh'), '--name', 'keep']);
    assert.equal(started.code, 0, started.stderr);
    const owner = await oneDaemon(t.home);
    const state = readFileSync(join(t.home, 'state.json'), 'utf8');
    const result = await new Promise<CliResult>((resolve) => {
      const child = spawn(process.execPath, [runtimeBin, 'start', join(fixtures, 'idle.sh')], { env: { ...process.env, TEND_HOME: t.home, NO_COLOR: '1' } });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`E_DAEMON_RUNNING.*pid ${owner}`));
    assertNoStack(result);
    assert.ok(existsSync(join(t.home, 'rpc.sock')), 'the socket is still there');
    assert.equal(readFileSync(join(t.home, 'state.json'), 'utf8'), state);
    assert.deepEqual(daemonsOf(t.home), [owner]);
    const ls = await t.jlist();
    assert.deepEqual(
      ls.map((r) => [r.name, r.pm2_env.status]),
      [['keep', 'online']],
    );
    assert.equal(appsOf(t.home, 'sleep 86400').length, 1);
  });
});

describe("the API's connect(true) on a home whose daemon runs", () => {
  let t: TestHome;
  after(async () => {
    await t.cleanup();
  });

  test('is refused with E_DAEMON_RUNNING naming the daemon, which keeps its socket', async () => {
    t = makeHome('tend-home-api-');
    const ping = await t.tend(['ping']);
    assert.equal(ping.code, 0, ping.stderr);
    const owner = await oneDaemon(t.home);
    const api = join(repoRoot, 'dist/src/api/index.js');
    const script = `import(${JSON.stringify(api)}).then((tend) => tend.connect(true)).then(() => { console.log('connected'); process.exit(0); }, (error) => { console.log(error.code + ' ' + error.message); process.exit(1); });`;
    const result = await new Promise<CliResult>((resolve) => {
      const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, TEND_HOME: t.home } });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, new RegExp(`^E_DAEMON_RUNNING .*pid ${owner}`));
    assert.ok(existsSync(join(t.home, 'rpc.sock')));
    assert.deepEqual(daemonsOf(t.home), [owner]);
    const again = await t.tend(['ping']);
    assert.equal(again.code, 0, again.stderr);
  });
});

describe('request deadlines', () => {
  let t: TestHome;
  let stopped: number | null = null;
  after(async () => {
    if (stopped !== null && isAlive(stopped)) process.kill(stopped, 'SIGCONT');
    await t.cleanup();
  });

  test('a stopped daemon (SIGSTOP): the command fails with E_DAEMON_TIMEOUT, its pid and a hint', async () => {
    t = makeHome('tend-home-stop-');
    const ping = await t.tend(['ping']);
    assert.equal(ping.code, 0, ping.stderr);
    const daemon = await oneDaemon(t.home);
    process.kill(daemon, 'SIGSTOP');
    stopped = daemon;
    const ls = await t.tend(['ls'], { env: { TEND_DAEMON_TIMEOUT: '1' } });
    assert.equal(ls.code, 1);
    assert.match(ls.stderr, new RegExp(`E_DAEMON_TIMEOUT: the daemon \\(pid ${daemon}\\) did not answer within 1 s`));
    assert.match(ls.stderr, new RegExp(`hint: .*kill -CONT ${daemon}`));
    assertNoStack(ls);
    assert.deepEqual(daemonsOf(t.home), [daemon], 'no second daemon');
    process.kill(daemon, 'SIGCONT');
    stopped = null;
    const again = await t.tend(['ls']);
    assert.equal(again.code, 0, again.stderr);
  });
});
