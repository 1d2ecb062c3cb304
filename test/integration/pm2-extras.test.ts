// PM2 features a PM2 user's scripts rely on (issue 18, round three): profile:cpu / profile:mem of a
// Node app, `ls --sort`, `set <app>.<key>` reaching the app's env, and PM2's environment variables
// (PM2_KILL_TIMEOUT, PM2_GRACEFUL_LISTEN_TIMEOUT, PM2_KILL_USE_MESSAGE, EXP_BACKOFF_RESET_TIMER,
// PM2_PID_FILE_PATH, PM2_LOG_DATE_FORMAT).
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { isAlive, makeHome, makeWorkDir, waitFor, type TestHome } from '../support/daemon.js';
import { gitOut as git } from '../support/sync-fixture.js';

const ticker = join(repoRoot, 'test/fixtures/daemon/ticker.js');

/** How many TCP sockets `pid` listens on (Linux /proc: its socket inodes in the listening rows). */
function listeningSockets(pid: number): number {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        return [/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? ''];
      } catch {
        return [];
      }
    }),
  );
  const rows = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) => (existsSync(table) ? readFileSync(table, 'utf8').split('\n').slice(1) : []));
  return rows.map((row) => row.trim().split(/\s+/)).filter((fields) => fields[3] === '0A' && inodes.has(fields[9] ?? '')).length;
}

/** The names in the rows of `tend ls`, top to bottom. */
function rowNames(table: string): string[] {
  return [...table.matchAll(/^│\s*\d+\s*│\s*(\S+)\s*│/gmu)].map((match) => match[1] ?? '');
}

describe('PM2 extras: profiles, ls --sort, set <app>.<key>', () => {
  let t: TestHome;
  let work: string;
  const inWork = (args: readonly string[]) => t.tend(args, { cwd: work });

  before(() => {
    t = makeHome('tend-pm2x-');
    work = makeWorkDir(t, ticker);
  });
  // A failed test must not leave its apps in the next one's listing.
  afterEach(async () => {
    await inWork(['delete', 'all']);
  });
  after(async () => {
    await t.cleanup();
  });

  test('profile:cpu and profile:mem write a .cpuprofile, a .heapprofile and a .heapsnapshot of a running Node app', async () => {
    writeFileSync(
      join(work, 'busy.js'),
      'const spin = () => { let s = 0; for (let i = 0; i < 1e5; i++) s += Math.sqrt(i); return s; };\nsetInterval(spin, 20);\n',
    );
    // Any free port: another process on this machine may hold the inspector's default 9229.
    const started = await inWork(['start', 'busy.js', '--node-args=--inspect-port=0']);
    assert.equal(started.code, 0, started.stderr);
    const [before] = await t.jlist();

    const cpu = await inWork(['profile:cpu', 'busy', '--duration', '300ms', '--out', 'busy.cpuprofile']);
    assert.equal(cpu.code, 0, cpu.stderr);
    assert.match(cpu.stdout, /busy \(id 0\): wrote .*busy\.cpuprofile/);
    const profile = JSON.parse(readFileSync(join(work, 'busy.cpuprofile'), 'utf8')) as {
      nodes: unknown[];
      samples: unknown[];
      startTime: number;
      endTime: number;
    };
    assert.ok(profile.nodes.length > 0 && Array.isArray(profile.samples) && profile.endTime > profile.startTime);

    const heap = await inWork(['profile:mem', '0', '--duration', '200ms']);
    assert.equal(heap.code, 0, heap.stderr);
    const heapFile = readdirSync(work).find((name) => /^busy-0-\d{8}-\d{6}\.heapprofile$/.test(name));
    assert.ok(heapFile, `a default-named heap profile in ${readdirSync(work).join(', ')}`);
    assert.ok('head' in (JSON.parse(readFileSync(join(work, heapFile), 'utf8')) as object));

    const snapshot = await inWork(['profile:mem', 'busy', '--snapshot', '--out', 'busy']);
    assert.equal(snapshot.code, 0, snapshot.stderr);
    const taken = JSON.parse(readFileSync(join(work, 'busy.heapsnapshot'), 'utf8')) as { snapshot: { meta: unknown }; nodes: unknown[] };
    assert.ok(taken.snapshot.meta !== undefined && taken.nodes.length > 0);

    // Back-to-back profiles: each finds the inspector closed by the one before (Node crashed once in
    // about 60 when it was ended from inside the session's own command).
    for (let round = 0; round < 15; round++) {
      const again = await inWork(['profile:cpu', 'busy', '--duration', '20ms', '--out', 'again.cpuprofile']);
      assert.equal(again.code, 0, again.stderr);
    }

    // Profiling neither restarted the app nor left its inspector listening.
    const [afterwards] = await t.jlist();
    assert.equal(afterwards?.pid, before?.pid);
    assert.equal(afterwards?.pm2_env.restart_time, 0);
    assert.equal(listeningSockets(afterwards?.pid ?? 0), 0, 'the inspector was closed');

    writeFileSync(join(work, 'loop.sh'), '#!/bin/sh\nwhile true; do sleep 1; done\n', { mode: 0o755 });
    assert.equal((await inWork(['start', 'loop.sh'])).code, 0);
    const notNode = await inWork(['profile:cpu', 'loop', '--duration', '100ms']);
    assert.equal(notNode.code, 1);
    assert.match(notNode.stderr, /E_PROFILE_NOT_NODE/);
    const unknown = await inWork(['profile:mem', 'nosuchapp']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /E_APP_NOT_FOUND/);
    assert.equal((await inWork(['delete', 'all'])).code, 0);
  });

  test('a profile asked for while Node is still starting waits for its SIGUSR1 handler instead of ending the app', async () => {
    // An interpreter named node that starts slowly: until it execs Node, SIGUSR1 would end it.
    const slow = join(work, 'slow');
    mkdirSync(slow, { recursive: true });
    writeFileSync(join(slow, 'node'), `#!/bin/sh\nsleep 2\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 });
    writeFileSync(join(work, 'late.js'), 'setInterval(() => undefined, 1000);\n');
    assert.equal((await inWork(['start', 'late.js', '--interpreter', join(slow, 'node'), '--node-args=--inspect-port=0'])).code, 0);
    const [starting] = await t.jlist();
    const cpu = await inWork(['profile:cpu', 'late', '--duration', '100ms', '--out', 'late.cpuprofile']);
    assert.equal(cpu.code, 0, cpu.stderr);
    const [profiled] = await t.jlist();
    assert.equal(profiled?.pid, starting?.pid);
    assert.equal(profiled?.pm2_env.restart_time, 0);

    // `tend inspect` sends the same signal through the same daemon verb: it waits too.
    const announced = async (): Promise<number> =>
      [...(await inWork(['logs', 'late', '--err', '--nostream', '--raw', '--lines', '1000'])).stdout.matchAll(/Debugger listening on ws:/g)].length;
    const before = await announced();
    assert.equal((await inWork(['restart', 'late'])).code, 0);
    const [restarted] = await t.jlist();
    const inspected = await inWork(['inspect', 'late']);
    assert.equal(inspected.code, 0, inspected.stderr);
    await waitFor('the restarted app announced its inspector', async () => (await announced()) > before);
    const [afterInspect] = await t.jlist();
    assert.equal(afterInspect?.pid, restarted?.pid);
    assert.equal(afterInspect?.pm2_env.restart_time, 1);
  });

  test('ls --sort <field>[:asc|desc] orders the rows; an unknown field is refused', async () => {
    for (const name of ['bravo', 'alpha', 'charlie']) assert.equal((await inWork(['start', 'app.js', '--name', name])).code, 0);
    const byName = await inWork(['ls', '--sort', 'name']);
    assert.equal(byName.code, 0, byName.stderr);
    assert.deepEqual(rowNames(byName.stdout), ['alpha', 'bravo', 'charlie']);
    assert.deepEqual(rowNames((await inWork(['ls', '--sort=name:desc'])).stdout), ['charlie', 'bravo', 'alpha']);
    assert.deepEqual(rowNames((await inWork(['ls', '--sort', 'id:desc'])).stdout), ['charlie', 'alpha', 'bravo']);
    assert.deepEqual(rowNames((await inWork(['ls', '--sort', 'id'])).stdout), ['bravo', 'alpha', 'charlie']);
    assert.equal((await inWork(['restart', 'charlie'])).code, 0);
    assert.deepEqual(rowNames((await inWork(['list', '--sort', 'restarts:desc'])).stdout)[0], 'charlie');
    const bogus = await inWork(['ls', '--sort', 'colour']);
    assert.equal(bogus.code, 1);
    assert.match(bogus.stderr, /E_USAGE: ls --sort: no field 'colour'/);
    assert.equal((await inWork(['delete', 'all'])).code, 0);
  });

  test('set <app>.<key> <value> puts the value in the app env and restarts it, as pm2 set does', async () => {
    writeFileSync(join(work, 'echo.js'), "console.log(`config_var=${process.env.config_var ?? '-'}`);\nsetInterval(() => undefined, 1000);\n");
    assert.equal((await inWork(['unset', 'echo'])).code, 0, 'unset of nothing is not an error');
    assert.equal((await inWork(['start', 'echo.js'])).code, 0);
    assert.equal((await inWork(['set', 'echo.config_var', 'false'])).code, 0);
    let [echo] = await t.jlist();
    assert.equal(echo?.pm2_env.env.config_var, 'false');
    assert.equal(echo?.pm2_env.restart_time, 1);
    assert.equal((await inWork(['set', 'echo:probes', 'true'])).code, 0);
    assert.equal((await inWork(['multiset', 'echo.conf false'])).code, 0);
    [echo] = await t.jlist();
    assert.equal(echo?.pm2_env.restart_time, 3);
    assert.equal(echo?.pm2_env.env.probes, 'true');
    assert.equal(echo?.pm2_env.env.conf, 'false');
    await waitFor('the app printed the setting', async () => (await inWork(['logs', 'echo', '--nostream', '--raw'])).stdout.includes('config_var=false'));
    assert.equal((await inWork(['get', 'echo.config_var'])).stdout.trim(), 'false');
    assert.match((await inWork(['get', 'echo'])).stdout, /echo\.config_var: false/);
    assert.equal((await inWork(['unset', 'echo'])).code, 0);
    [echo] = await t.jlist();
    assert.equal(echo?.pm2_env.env.config_var, undefined);
    assert.equal(echo?.pm2_env.restart_time, 4);
    assert.equal((await inWork(['delete', 'echo'])).code, 0);
  });

  test("describe shows the git metadata of an app's checkout (PM2's versioning)", async () => {
    const repo = join(t.dir, 'repo');
    mkdirSync(repo, { recursive: true });
    git(repo, 'init', '--quiet', '-b', 'main');
    copyFileSync(ticker, join(repo, 'app.js'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '--quiet', '-m', 'first version of the app');
    git(repo, 'remote', 'add', 'origin', 'https://example.com/team/app.git');
    const revision = git(repo, 'rev-parse', 'HEAD');
    assert.equal((await t.tend(['start', 'app.js', '--name', 'versioned'], { cwd: repo })).code, 0);
    const described = await inWork(['describe', 'versioned']);
    assert.equal(described.code, 0, described.stderr);
    assert.match(described.stdout, /Revision control metadata/);
    for (const expected of [
      /remote url\s*│ https:\/\/example\.com\/team\/app\.git/,
      /branch\s*│ main/,
      /comment\s*│ first version of the app/,
      /unstaged changes\s*│ no/,
    ]) {
      assert.match(described.stdout, expected);
    }
    assert.match(described.stdout, new RegExp(`revision\\s*│ ${revision}`));
    writeFileSync(join(repo, 'app.js'), `${readFileSync(ticker, 'utf8')}\n// edited\n`);
    assert.match((await inWork(['describe', 'versioned'])).stdout, /unstaged changes\s*│ yes/);
    assert.equal((await inWork(['delete', 'versioned'])).code, 0);
  });

  test('restart --node-args=null removes the interpreter args, as PM2 does', async () => {
    assert.equal((await inWork(['start', 'app.js', '--name', 'nodeargs', '--node-args=--max-old-space-size=100'])).code, 0);
    assert.deepEqual((await t.jlist())[0]?.pm2_env.node_args, ['--max-old-space-size=100']);
    const cleared = await inWork(['restart', 'nodeargs', '--node-args=null']);
    assert.equal(cleared.code, 0, cleared.stderr);
    const [record] = await t.jlist();
    assert.deepEqual(record?.pm2_env.node_args, []);
    assert.equal(record?.pm2_env.status, 'online');
    assert.equal((await inWork(['delete', 'all'])).code, 0);
  });

  test('updatePM2 is update: a new daemon, the same apps', async () => {
    assert.equal((await inWork(['start', 'app.js', '--name', 'kept'])).code, 0);
    const daemonBefore = t.daemonPid();
    const updated = await inWork(['updatePM2']);
    assert.equal(updated.code, 0, updated.stderr);
    assert.notEqual(t.daemonPid(), daemonBefore);
    const records = await t.jlist();
    assert.deepEqual(
      records.map((record) => [record.name, record.pm2_env.status]),
      [['kept', 'online']],
    );
    assert.equal((await inWork(['delete', 'all'])).code, 0);
  });

  test('--env <name> also takes deploy.<name>.env, under the env and env_<name> of the apps', async () => {
    writeFileSync(
      join(work, 'deploying.json'),
      JSON.stringify({
        apps: [{ name: 'deployed', script: 'app.js', env: { LAYER: 'env', FROM_ENV: '1' }, env_production: { LAYER: 'env_production' } }],
        deploy: { production: { host: 'h', repo: 'r', path: '/p', ref: 'origin/main', env: { LAYER: 'deploy', FROM_DEPLOY: 'yes', OBJECT: { a: 1 } } } },
      }),
    );
    assert.equal((await inWork(['start', 'deploying.json', '--env', 'production'])).code, 0);
    let [deployed] = await t.jlist();
    assert.equal(deployed?.pm2_env.env.LAYER, 'env_production');
    assert.equal(deployed?.pm2_env.env.FROM_DEPLOY, 'yes');
    assert.equal(deployed?.pm2_env.env.OBJECT, '{"a":1}');
    assert.equal(deployed?.pm2_env.env.FROM_ENV, '1');
    assert.equal((await inWork(['delete', 'all'])).code, 0);
    assert.equal((await inWork(['start', 'deploying.json'])).code, 0);
    [deployed] = await t.jlist();
    assert.equal(deployed?.pm2_env.env.LAYER, 'env');
    assert.equal(deployed?.pm2_env.env.FROM_DEPLOY, undefined, 'without --env the deploy env is not used');
    assert.equal((await inWork(['delete', 'all'])).code, 0);
  });
});

describe("PM2's environment variables", () => {
  let t: TestHome;
  let work: string;
  let pidFile: string;
  let env: Record<string, string>;

  before(() => {
    t = makeHome('tend-pm2env-');
    work = join(t.dir, 'work');
    mkdirSync(work, { recursive: true });
    copyFileSync(ticker, join(work, 'app.js'));
    pidFile = join(t.dir, 'toto.pid');
    env = {
      PM2_PID_FILE_PATH: pidFile,
      PM2_KILL_TIMEOUT: '300',
      PM2_GRACEFUL_LISTEN_TIMEOUT: '700',
      PM2_KILL_USE_MESSAGE: 'true',
      EXP_BACKOFF_RESET_TIMER: '200',
    };
  });
  after(async () => {
    await t.cleanup();
  });

  test('PM2_PID_FILE_PATH also gets the daemon pid; it goes with the daemon', async () => {
    assert.equal((await t.tend(['ls'], { cwd: work, env })).code, 0);
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    assert.equal(pid, t.daemonPid());
    assert.ok(isAlive(pid));
  });

  test('PM2_KILL_TIMEOUT, PM2_GRACEFUL_LISTEN_TIMEOUT and PM2_KILL_USE_MESSAGE are the defaults of apps that set nothing', async () => {
    assert.equal((await t.tend(['start', 'app.js'], { cwd: work, env })).code, 0);
    assert.equal((await t.tend(['start', 'app.js', '--name', 'own', '--kill-timeout', '5000'], { cwd: work, env })).code, 0);
    const byName = new Map((await t.jlist()).map((record) => [record.name, record.pm2_env]));
    assert.equal(byName.get('app')?.kill_timeout, 300);
    assert.equal(byName.get('app')?.listen_timeout, 700);
    assert.equal(byName.get('app')?.shutdown_with_message, true);
    assert.equal(byName.get('own')?.kill_timeout, 5000, 'a value given for the app wins');
    assert.equal((await t.tend(['start', 'app.js', '--name', 'plain'], { cwd: work })).code, 0);
    assert.equal((await t.jlist()).find((record) => record.name === 'plain')?.pm2_env.kill_timeout, 1600, 'without the variables: the usual default');
    assert.equal((await t.tend(['delete', 'all'], { cwd: work })).code, 0);
  });

  test('EXP_BACKOFF_RESET_TIMER: an app that ran longer than it starts its backoff over', async () => {
    writeFileSync(join(work, 'short.js'), 'setTimeout(() => process.exit(1), 400);\n');
    const started = await t.tend(['start', 'short.js', '--exp-backoff-restart-delay', '100', '--min-uptime', '100'], { cwd: work });
    assert.equal(started.code, 0, started.stderr);
    await waitFor('three automatic restarts', async () => ((await t.jlist())[0]?.pm2_env.restart_time ?? 0) >= 3, { timeoutMs: 30_000 });
    // Each run lasts 400 ms > 200 ms: the delay never grows past the first one (100 ms, not 150, 225 …).
    assert.equal((await t.jlist())[0]?.pm2_env.prev_restart_delay, 100);
    assert.equal((await t.tend(['delete', 'all'], { cwd: work })).code, 0);
  });

  test("PM2_LOG_DATE_FORMAT sets how the daemon's log lines show their time; empty shows none", async () => {
    const year = String(new Date().getFullYear());
    const dated = await t.tend(['logs', '--daemon', '--nostream', '--lines', '3'], { cwd: work, env: { PM2_LOG_DATE_FORMAT: 'YYYY' } });
    assert.equal(dated.code, 0, dated.stderr);
    assert.match(dated.stdout, new RegExp(`^tend \\| ${year} (INFO|WARN) `, 'm'));
    const bare = await t.tend(['logs', '--daemon', '--nostream', '--lines', '3'], { cwd: work, env: { PM2_LOG_DATE_FORMAT: '' } });
    assert.match(bare.stdout, /^tend \| (INFO|WARN) /m);
  });

  test('the extra pid file is removed when the daemon stops', async () => {
    assert.equal((await t.tend(['kill'], { cwd: work })).code, 0);
    await waitFor('pid file removed', () => !existsSync(pidFile));
  });
});
