// PM2 commands tend maps onto what it has (issue 18, item 11): cloud commands, install
// pm2-logrotate, slist/report, multiset/config, completion, pull/forward/backward on a real git
// checkout, send/attach, inspect, and the tend-dev binary.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runCli } from '../support/cli.js';
import { isAlive, makeHome, makeWorkDir, waitFor, type TestHome } from '../support/daemon.js';
import { gitOut as git } from '../support/sync-fixture.js';

const ticker = join(repoRoot, 'test/fixtures/daemon/ticker.js');

describe('PM2 commands mapped onto tend', () => {
  let t: TestHome;
  let work: string;
  const inWork = (args: readonly string[]) => t.tend(args, { cwd: work });

  before(() => {
    t = makeHome('tend-pm2cmd-');
    work = makeWorkDir(t, ticker);
  });
  after(async () => {
    await t.cleanup();
  });

  test('link / unlink / plus / monitor say tend has no cloud and exit 0', async () => {
    for (const args of [['link', 'delete'], ['unlink'], ['plus'], ['monitor', 'web']]) {
      const result = await inWork(args);
      assert.equal(result.code, 0, args.join(' '));
      assert.match(result.stdout, /tend has no cloud/);
    }
  });

  test('install pm2-logrotate names the built-in rotation fields; another module is an error', async () => {
    const logrotate = await inWork(['install', 'pm2-logrotate']);
    assert.equal(logrotate.code, 0);
    assert.match(logrotate.stdout, /built into tend.*log_max_size.*log_retain.*log_compress/);
    const other = await inWork(['install', 'pm2-some-module']);
    assert.equal(other.code, 1);
    assert.match(other.stderr, /E_USAGE: tend has no modules/);
  });

  test('slist / sysinfos print the machine as JSON; report names versions, home and apps', async () => {
    for (const verb of ['slist', 'sysinfos']) {
      const result = await inWork([verb]);
      assert.equal(result.code, 0);
      const info = JSON.parse(result.stdout) as { cpus: { count: number }; memory: { total: number }; node: string };
      assert.ok(info.cpus.count >= 1 && info.memory.total > 0);
      assert.equal(info.node, process.version);
    }
    const started = await inWork(['start', 'app.js', '--name', 'reported']);
    assert.equal(started.code, 0, started.stderr);
    const report = await inWork(['report']);
    assert.equal(report.code, 0, report.stderr);
    assert.match(report.stdout, new RegExp(`home: ${t.home}`));
    assert.match(report.stdout, /daemon: pid \d+/);
    assert.match(report.stdout, /reported fork_mode online/);
  });

  test('multiset sets several settings; config reads and writes name:key settings', async () => {
    assert.equal((await inWork(['multiset', 'alpha 1 beta 2'])).code, 0);
    assert.equal((await inWork(['get', 'beta'])).stdout.trim(), '2');
    assert.equal((await inWork(['config', 'pm2-logrotate', 'max_size', '10M'])).code, 0);
    assert.equal((await inWork(['get', 'pm2-logrotate:max_size'])).stdout.trim(), '10M');
    assert.match((await inWork(['config', 'pm2-logrotate'])).stdout, /pm2-logrotate:max_size: 10M/);
    assert.equal((await inWork(['multiset', 'odd'])).code, 1);
  });

  test('completion: bash and zsh scripts; candidates are commands, the flags of a command and the running apps', async () => {
    const bash = await inWork(['completion', 'bash']);
    assert.match(bash.stdout, /complete -o default -F _tend_complete tend/);
    const zsh = await inWork(['completion', 'zsh']);
    assert.match(zsh.stdout, /compdef _tend tend/);
    const commands = (await inWork(['completion', '__words'])).stdout.split('\n');
    for (const name of ['start', 'stop', 'import', 'logs']) assert.ok(commands.includes(name), name);
    const stop = (await inWork(['completion', '__words', 'stop'])).stdout.split('\n');
    assert.ok(stop.includes('reported'), 'running app names');
    assert.ok(stop.includes('--silent'), 'flags of stop');
    const start = (await inWork(['completion', '__words', 'start', '--name', 'x'])).stdout.split('\n');
    assert.ok(start.includes('--max-memory-restart'));
    // bash itself runs the script and completes `tend sto` to `stop`.
    const script = join(t.dir, 'completion.bash');
    writeFileSync(script, bash.stdout);
    const shim = join(t.dir, 'bin');
    mkdirSync(shim, { recursive: true });
    writeFileSync(join(shim, 'tend'), `#!/bin/sh\nexec "${process.execPath}" "${join(repoRoot, 'bin/tend.js')}" "$@"\n`, { mode: 0o755 });
    const completed = spawnSync('bash', ['-c', `source ${script}; COMP_WORDS=(tend sto); COMP_CWORD=1; _tend_complete; printf '%s\\n' "\${COMPREPLY[@]}"`], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${shim}:${process.env.PATH ?? ''}`, TEND_HOME: t.home },
    });
    assert.deepEqual(completed.stdout.trim().split('\n'), ['stop']);
    assert.equal((await inWork(['delete', 'reported'])).code, 0);
  });

  test("pull / forward / backward move the app's git checkout and reload it", async () => {
    const origin = join(t.dir, 'origin.git');
    const seed = join(t.dir, 'seed');
    const checkout = join(t.dir, 'checkout');
    git(t.dir, 'init', '--bare', '--quiet', '-b', 'main', origin);
    git(t.dir, 'clone', '--quiet', origin, seed);
    const commit = (message: string): string => {
      writeFileSync(join(seed, 'app.js'), `${readFileSync(ticker, 'utf8')}\n// ${message}\n`);
      git(seed, 'add', '-A');
      git(seed, 'commit', '--quiet', '-m', message);
      return git(seed, 'rev-parse', 'HEAD');
    };
    const first = commit('one');
    git(seed, 'push', '--quiet', 'origin', 'HEAD:main');
    git(t.dir, 'clone', '--quiet', origin, checkout);
    writeFileSync(join(checkout, 'package.json'), '{ "type": "commonjs" }');
    assert.equal((await t.tend(['start', 'app.js', '--name', 'gitapp'], { cwd: checkout })).code, 0);
    const second = commit('two');
    const third = commit('three');
    git(seed, 'push', '--quiet', 'origin', 'HEAD:main');
    const restarts = async () => (await t.jlist()).find((r) => r.name === 'gitapp')?.pm2_env.restart_time;

    const pulled = await inWork(['pull', 'gitapp']);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.equal(git(checkout, 'rev-parse', 'HEAD'), third);
    assert.match(pulled.stdout, new RegExp(`${first.slice(0, 7)} → ${third.slice(0, 7)}`));
    assert.equal(await restarts(), 1);
    const level = await inWork(['pull', 'gitapp']);
    assert.match(level.stdout, /already at/);
    assert.equal(await restarts(), 1, 'nothing to reload');

    assert.equal((await inWork(['backward', 'gitapp'])).code, 0);
    assert.equal(git(checkout, 'rev-parse', 'HEAD'), second);
    assert.equal((await inWork(['backward', 'gitapp'])).code, 0);
    assert.equal(git(checkout, 'rev-parse', 'HEAD'), first);
    assert.equal((await inWork(['forward', 'gitapp'])).code, 0);
    assert.equal(git(checkout, 'rev-parse', 'HEAD'), second);
    assert.equal(await restarts(), 4);
    const notGit = await inWork(['start', 'app.js', '--name', 'plain']);
    assert.equal(notGit.code, 0);
    const refused = await inWork(['pull', 'plain']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /is not a git checkout/);
    assert.equal((await inWork(['delete', 'all'])).code, 0);
  });

  test("send writes a line to the app's stdin; attach sends what it reads and shows the output", async () => {
    writeFileSync(
      join(work, 'echo-stdin.js'),
      "process.stdin.setEncoding('utf8');\nprocess.stdin.on('data', (chunk) => { for (const line of chunk.split('\\n').filter(Boolean)) console.log(`got ${line}`); });\n",
    );
    assert.equal((await inWork(['start', 'echo-stdin.js'])).code, 0);
    const sent = await inWork(['send', 'echo-stdin', 'hello', 'world']);
    assert.equal(sent.code, 0, sent.stderr);
    const attached = await runCli(['attach', 'echo-stdin'], { home: t.home, cwd: work, input: 'from attach\n' });
    assert.equal(attached.code, 0, attached.stderr);
    await waitFor('both lines echoed', async () => {
      const logs = (await inWork(['logs', 'echo-stdin', '--nostream', '--raw'])).stdout;
      return logs.includes('got hello world') && logs.includes('got from attach');
    });
    assert.equal((await inWork(['send', 'nosuchapp', 'x'])).code, 1);
    assert.equal((await inWork(['delete', 'echo-stdin'])).code, 0);
  });

  test('inspect opens the Node inspector of the app (SIGUSR1)', async () => {
    assert.equal((await inWork(['start', 'app.js', '--name', 'inspected', '--', 'x'])).code, 0);
    const inspected = await inWork(['inspect', 'inspected']);
    assert.equal(inspected.code, 0, inspected.stderr);
    await waitFor('inspector listening', async () =>
      /Debugger listening on ws:\/\/127\.0\.0\.1/.test((await inWork(['logs', 'inspected', '--err', '--nostream', '--raw'])).stdout),
    );
    assert.equal((await inWork(['delete', 'inspected'])).code, 0);
  });

  test('tend-dev runs in the foreground with a home of its own, restarts on file change, exits 0 on SIGINT', async () => {
    const devDir = join(t.dir, 'dev');
    mkdirSync(devDir, { recursive: true });
    copyFileSync(ticker, join(devDir, 'app.js'));
    writeFileSync(join(devDir, 'package.json'), '{ "type": "commonjs" }');
    const child = spawn(process.execPath, [join(repoRoot, 'bin/tend-dev.js'), 'app.js'], {
      cwd: devDir,
      env: { ...process.env, TEND_HOME: t.home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await waitFor('app started', () => /started pid=/.test(output));
      assert.deepEqual(await t.jlist(), [], "the user's home is not used");
      writeFileSync(join(devDir, 'app.js'), `${readFileSync(ticker, 'utf8')}\n// changed\n`);
      await waitFor('restarted on change', () => (output.match(/started pid=/g) ?? []).length >= 2, 30_000);
      child.kill('SIGINT');
      assert.equal(await exited, 0);
    } finally {
      if (child.pid !== undefined && isAlive(child.pid)) child.kill('SIGKILL');
      rmSync(devDir, { recursive: true, force: true });
    }
  });
});
