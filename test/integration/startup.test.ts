// tend startup / unstartup through the real CLI, writing under --destdir (never into this machine's /etc),
// the generated systemd unit checked by systemd-analyze, and the init script run for real by /bin/sh.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runCli, tendBin, type CliResult } from '../support/cli.js';
import { isAlive, makeHome, waitFor } from '../support/daemon.js';
import { planStartup, resolveStartupSettings, systemContext, type StartupPlan } from '../../src/startup/index.js';

const base = mkdtempSync(join(tmpdir(), 'tend-startup-'));
after(() => rmSync(base, { recursive: true, force: true }));

function freshDir(name: string): string {
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function toolPath(tool: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

const isRoot = process.getuid?.() === 0;

test('--print shows the unit with absolute node and tend paths and writes nothing', async () => {
  const result = await runCli(['startup', 'systemd', '--print', '-u', 'root', '--hp', '/root'], { env: { TEND_HOME: '/var/lib/tend' } });
  assert.equal(result.code, 0, result.stderr);
  assert.ok(result.stdout.startsWith('# Written by `tend startup`'));
  assert.match(result.stdout, new RegExp(`^ExecStart=${process.execPath} ${tendBin} resurrect --boot$`, 'm'));
  assert.match(result.stdout, /^ExecStop=.* kill --keep-state$/m);
  assert.match(result.stdout, /^Environment=TEND_HOME=\/var\/lib\/tend$/m);
  assert.match(result.stdout, /^PIDFile=\/var\/lib\/tend\/tend\.pid$/m);
  assert.match(result.stderr, /would write \/etc\/systemd\/system\/tend-root\.service/);
});

test('the generated systemd unit passes systemd-analyze verify', async (t) => {
  if (toolPath('systemd-analyze') === null) {
    t.skip('systemd-analyze is not installed here');
    return;
  }
  const destdir = freshDir('verify');
  const result = await runCli(['startup', 'systemd', '--destdir', destdir, '-u', 'root', '--hp', '/root', '--service-name', 'tend-verify', '--wait-ip'], {
    env: { TEND_HOME: join(base, 'odd home %1 $x') },
  });
  assert.equal(result.code, 0, result.stderr);
  const unit = join(destdir, 'etc/systemd/system/tend-verify.service');
  const verify = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
  assert.equal(verify.status, 0, `systemd-analyze verify failed:\n${verify.stdout}${verify.stderr}\n${readFileSync(unit, 'utf8')}`);
});

test('startup writes the file, skips what cannot run here, and unstartup removes it', async () => {
  const destdir = freshDir('cycle');
  const args = ['systemd', '--destdir', destdir, '-u', 'root', '--hp', '/root'];
  const first = await runCli(['startup', ...args]);
  assert.equal(first.code, 0, first.stderr);
  const unit = join(destdir, 'etc/systemd/system/tend-root.service');
  assert.equal(statSync(unit).mode & 0o777, 0o644);
  assert.match(first.stdout, /wrote .*tend-root\.service/);
  assert.match(first.stdout, /skipped systemctl enable tend-root\.service: the file was written under --destdir/);

  const again = await runCli(['startup', ...args, '--json']);
  assert.equal(again.code, 0, again.stderr);
  const report = JSON.parse(again.stdout) as { action: string; path: string; user: string; tend_home: string };
  assert.equal(report.action, 'installed');
  assert.equal(report.path, unit);
  assert.equal(report.user, 'root');

  const removed = await runCli(['unstartup', ...args]);
  assert.equal(removed.code, 0, removed.stderr);
  assert.ok(!existsSync(unit));
  const twice = await runCli(['unstartup', ...args]);
  assert.equal(twice.code, 1);
  assert.match(twice.stderr, /error E_STARTUP_NOT_INSTALLED/);
});

test('a file tend did not write is neither replaced nor removed', async () => {
  const destdir = freshDir('foreign');
  const unit = join(destdir, 'etc/systemd/system/nginx.service');
  mkdirSync(join(destdir, 'etc/systemd/system'), { recursive: true });
  writeFileSync(unit, '[Service]\nExecStart=/usr/sbin/nginx\n');
  for (const verb of ['startup', 'unstartup']) {
    const result = await runCli([verb, 'systemd', '--destdir', destdir, '--service-name', 'nginx']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /error E_STARTUP_FOREIGN_FILE/);
  }
  assert.equal(readFileSync(unit, 'utf8'), '[Service]\nExecStart=/usr/sbin/nginx\n');
});

test('an unknown platform is refused', async () => {
  const result = await runCli(['startup', 'windows', '--print']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /error E_STARTUP_PLATFORM: unknown platform 'windows'/);
});

/** Runs the CLI as user nobody (a real other user: the test runs as root). */
function runCliAsNobody(args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tendBin, ...args], {
      uid: 65534,
      gid: 65534,
      cwd: '/',
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

test('not root: exits 1 with the exact sudo command, which works as printed', async (t) => {
  if (!isRoot) {
    t.skip('needs root to run the CLI as another user');
    return;
  }
  const refused = await runCliAsNobody(['startup', 'systemd']);
  assert.equal(refused.code, 1, refused.stderr);
  assert.match(refused.stderr, /error E_STARTUP_NEEDS_ROOT: writing \/etc\/systemd\/system\/tend-nobody\.service needs root/);
  const hint = /^hint: run: (sudo env .*)$/m.exec(refused.stderr)?.[1];
  assert.ok(hint, refused.stderr);
  assert.match(hint, new RegExp(`TEND_HOME=/nonexistent/\\.tend ${process.execPath} ${tendBin} startup systemd -u nobody --hp /nonexistent$`));

  // Run what the user would paste (we already are root, so without sudo), with --print to keep /etc untouched.
  const pasted = execFileSync('sh', ['-c', `${hint.replace(/^sudo /, '')} --print`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  assert.match(pasted, /^User=nobody$/m);
  assert.match(pasted, /^Environment=TEND_HOME=\/nonexistent\/\.tend$/m);
});

/** A stand-in for bin/tend.js that records how the boot script called it. */
function echoTend(dir: string): string {
  const path = join(dir, 'echo-tend.js');
  writeFileSync(path, "process.stdout.write(JSON.stringify({ args: process.argv.slice(2), home: process.env.TEND_HOME, uid: process.getuid() }) + '\\n');\n");
  return path;
}

function initScriptPlan(dir: string, user: string, tendHome: string): StartupPlan {
  const context = { ...systemContext({ PATH: process.env.PATH ?? '', TEND_HOME: tendHome }), tendBin: echoTend(dir) };
  return planStartup(resolveStartupSettings({ platform: 'systemv', user, homePath: '/nonexistent' }, context));
}

test('the init script runs tend with the right verb, user and TEND_HOME (quoting survives sh and su)', (t) => {
  const dir = freshDir('initscript');
  chmodSync(base, 0o755);
  chmodSync(dir, 0o755);
  const tendHome = join(base, "it's a $HOME");
  const scriptPath = join(dir, 'tend-init');

  const runScript = (plan: StartupPlan, verb: string): { args: string[]; home: string; uid: number } => {
    writeFileSync(scriptPath, plan.file.content, { mode: 0o755 });
    const output = execFileSync('sh', [scriptPath, verb], { encoding: 'utf8' });
    return JSON.parse(output) as { args: string[]; home: string; uid: number };
  };

  const self = initScriptPlan(dir, systemContext().currentUser, tendHome);
  assert.deepEqual(runScript(self, 'start'), { args: ['resurrect', '--boot'], home: tendHome, uid: process.getuid?.() });
  assert.deepEqual(runScript(self, 'stop').args, ['kill', '--keep-state']);
  assert.deepEqual(runScript(self, 'reload').args, ['reload', 'all']);

  if (!isRoot || toolPath('su') === null) {
    t.diagnostic('skipped the su path: needs root and su');
    return;
  }
  const other = initScriptPlan(dir, 'nobody', tendHome);
  assert.deepEqual(runScript(other, 'start'), { args: ['resurrect', '--boot'], home: tendHome, uid: 65534 });
});

test('every shell script parses with sh -n', () => {
  const dir = freshDir('syntax');
  for (const platform of ['upstart', 'systemv', 'openrc', 'rcd'] as const) {
    const context = { ...systemContext({ PATH: '/usr/bin:/bin', TEND_HOME: "/odd 'home' $x" }), tendBin: '/opt/tend/bin/tend.js' };
    const plan = planStartup(resolveStartupSettings({ platform, user: 'root', homePath: '/root' }, context));
    const path = join(dir, platform);
    writeFileSync(path, plan.file.content);
    const check = spawnSync('sh', ['-n', path], { encoding: 'utf8' });
    assert.equal(check.status, 0, `${platform}: ${check.stderr}`);
  }
});

test("a reboot through the unit's own ExecStop and ExecStart brings back exactly what ran, apps added after `save` included", async () => {
  const t = makeHome('tend-boot-');
  try {
    const app = join(repoRoot, 'test/fixtures/monitor/idle.js');
    for (const name of ['saved', 'gone']) assert.equal((await t.tend(['start', app, '--name', name, '-f'])).code, 0);
    assert.equal((await t.tend(['save'])).code, 0);
    assert.equal((await t.tend(['start', app, '--name', 'added', '-f'])).code, 0, 'started after the save');
    assert.equal((await t.tend(['delete', 'gone'])).code, 0, 'deleted after the save');
    const before = new Map((await t.jlist()).map((record) => [record.name, record.pid]));

    const unit = await runCli(['startup', 'systemd', '--print', '-u', 'root', '--hp', '/root'], { home: t.home });
    assert.equal(unit.code, 0, unit.stderr);
    const line = (key: string): string[] => {
      const found = new RegExp(`^${key}=(.*)$`, 'm').exec(unit.stdout);
      assert.ok(found?.[1], `${key} in the unit`);
      return found[1].split(' ');
    };
    const run = (argv: string[]): ReturnType<typeof spawnSync> =>
      spawnSync(argv[0] as string, argv.slice(1), { env: { ...process.env, TEND_HOME: t.home }, encoding: 'utf8' });

    const stop = run(line('ExecStop'));
    assert.equal(stop.status, 0, String(stop.stderr));
    assert.equal(t.daemonPid() !== null && isAlive(t.daemonPid() as number), false, 'the daemon stopped');
    for (const pid of before.values()) assert.equal(isAlive(pid), false, `pid ${pid} stopped`);

    const start = run(line('ExecStart'));
    assert.equal(start.status, 0, String(start.stderr));
    const after = await waitFor('both apps online', async () => {
      const records = await t.jlist();
      return records.length === 2 && records.every((record) => record.pm2_env.status === 'online') ? records : null;
    });
    assert.deepEqual(after.map((record) => record.name).sort(), ['added', 'saved'], 'what ran before, not the dump');
    for (const record of after) assert.notEqual(record.pid, before.get(record.name), `${record.name} is a new process`);
  } finally {
    await t.cleanup();
  }
});

test('resurrect --boot on a home with no app resurrects the dump, as PM2 boot does', async () => {
  const t = makeHome('tend-boot-dump-');
  try {
    const app = join(repoRoot, 'test/fixtures/monitor/idle.js');
    assert.equal((await t.tend(['start', app, '--name', 'dumped'])).code, 0);
    assert.equal((await t.tend(['save'])).code, 0);
    assert.equal((await t.tend(['kill'])).code, 0, 'kill forgets the apps; the dump stays');
    const boot = await t.tend(['resurrect', '--boot']);
    assert.equal(boot.code, 0, boot.stderr);
    await waitFor('dumped online', async () => (await t.jlist()).find((record) => record.name === 'dumped' && record.pm2_env.status === 'online'));
  } finally {
    await t.cleanup();
  }
});
