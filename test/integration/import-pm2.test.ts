// `tend import pm2` round-trips a dump written by real PM2 7: PM2 is installed into a temp dir (as
// the bench does), runs two apps in its own PM2_HOME, saves and is killed; tend then writes the same
// apps as an ecosystem file, and starts them, field for field.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { makeHome, waitFor, type JlistRecord, type TestHome } from '../support/daemon.js';

const pm2Version = '7.0.4';
const ticker = join(repoRoot, 'test/fixtures/daemon/ticker.js');

function run(command: string, args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`));
    });
  });
}

/** The fields the import promises to keep, per app, from a PM2 or a tend jlist. */
function fieldsOf(records: readonly JlistRecord[], home: string) {
  const names = [...new Set(records.map((record) => record.name))].sort();
  return names.map((name) => {
    const own = records.filter((record) => record.name === name);
    const env = own[0]?.pm2_env ?? ({} as JlistRecord['pm2_env']);
    const logName = (path: unknown) => (typeof path === 'string' && path.startsWith(home) ? `(home)/${basename(path)}` : path);
    return {
      name,
      instances: own.length,
      script: env.pm_exec_path,
      cwd: env.pm_cwd,
      // PM2 leaves out what was not given; tend says [] and null.
      args: env.args ?? [],
      node_args: env.node_args,
      exec_mode: env.exec_mode,
      namespace: env.namespace,
      greeting: env.env.GREETING,
      cron_restart: env.cron_restart ?? null,
      max_memory_restart: env.max_memory_restart ?? null,
      out_logs: own.map((record) => logName(record.pm2_env.pm_out_log_path)).sort(),
      err_logs: own.map((record) => logName(record.pm2_env.pm_err_log_path)).sort(),
    };
  });
}

describe('tend import pm2', () => {
  let t: TestHome;
  let work: string;
  let pm2Home: string;
  let pm2: (args: readonly string[], env?: Record<string, string>) => Promise<string>;
  let pm2Apps: ReturnType<typeof fieldsOf>;

  before(async () => {
    t = makeHome('tend-import-');
    work = join(t.dir, 'work');
    pm2Home = join(t.dir, 'pm2-home');
    const prefix = join(t.dir, 'pm2');
    mkdirSync(work, { recursive: true });
    mkdirSync(prefix, { recursive: true });
    copyFileSync(ticker, join(work, 'web.js'));
    copyFileSync(ticker, join(work, 'worker.js'));
    writeFileSync(join(work, 'package.json'), '{ "type": "commonjs" }');
    await run('npm', ['install', '--prefix', prefix, `pm2@${pm2Version}`, '--no-audit', '--no-fund'], { cwd: prefix });
    const bin = join(prefix, 'node_modules', 'pm2', 'bin', 'pm2');
    pm2 = (args, env = {}) => run(process.execPath, [bin, ...args], { cwd: work, env: { PM2_HOME: pm2Home, ...env } });
    await pm2([
      'start',
      'web.js',
      '--name',
      'web',
      '-i',
      '2',
      '--max-memory-restart',
      '200M',
      '--cron-restart',
      '0 3 * * *',
      '-o',
      'web-out.log',
      '--',
      '--port',
      '3000',
    ]);
    await pm2(['start', 'worker.js', '--name', 'worker', '-x', '--node-args=--max-old-space-size=128', '--namespace', 'jobs'], { GREETING: 'hi' });
    pm2Apps = fieldsOf(JSON.parse(await pm2(['jlist'])) as JlistRecord[], pm2Home);
    await pm2(['save']);
    await pm2(['kill']);
  });
  after(async () => {
    await pm2(['kill']).catch(() => undefined);
    await t.cleanup();
  });

  test('PM2 ran what the test asked (the dump is real)', () => {
    assert.deepEqual(
      pm2Apps.map((app) => [app.name, app.instances, app.exec_mode, app.namespace, app.greeting]),
      [
        ['web', 2, 'cluster_mode', 'default', undefined],
        ['worker', 1, 'fork_mode', 'jobs', 'hi'],
      ],
    );
  });

  test('--ecosystem writes an equivalent ecosystem file that validates', async () => {
    const file = join(work, 'ecosystem.config.json');
    const written = await t.tend(['import', 'pm2', '--ecosystem', file], { cwd: work, env: { PM2_HOME: pm2Home } });
    assert.equal(written.code, 0, written.stderr);
    const { apps } = JSON.parse(readFileSync(file, 'utf8')) as { apps: Record<string, unknown>[] };
    assert.deepEqual(apps[0], {
      name: 'web',
      script: join(work, 'web.js'),
      cwd: work,
      instances: 2,
      exec_mode: 'cluster',
      namespace: 'default',
      args: ['--port', '3000'],
      instance_var: 'NODE_APP_INSTANCE',
      max_memory_restart: 200 * 1024 * 1024,
      cron_restart: '0 3 * * *',
      autostart: true,
      autorestart: true,
      treekill: true,
      watch: false,
      out_file: join(work, 'web-out.log'),
    });
    assert.deepEqual(apps[1], {
      name: 'worker',
      script: join(work, 'worker.js'),
      cwd: work,
      interpreter_args: ['--max-old-space-size=128'],
      instances: 1,
      exec_mode: 'fork',
      namespace: 'jobs',
      instance_var: 'NODE_APP_INSTANCE',
      autostart: true,
      autorestart: true,
      treekill: true,
      watch: false,
      merge_logs: true,
      env: { GREETING: 'hi' },
    });
    const again = await t.tend(['import', 'pm2', '--ecosystem', file], { cwd: work, env: { PM2_HOME: pm2Home } });
    assert.equal(again.code, 1, 'an existing file is kept');
    const validated = await t.tend(['validate', file], { cwd: work });
    assert.equal(validated.code, 0, validated.stderr);
  });

  test('import shows the plan and starts the same apps: names, scripts, args, env, instances, modes, log paths, cron, memory limits', async () => {
    const imported = await t.tend(['import', 'pm2'], { cwd: work, env: { PM2_HOME: pm2Home } });
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /\+ create web \(2 instances\)/);
    assert.match(imported.stdout, /\+ create worker \(1 instance\)/);
    const records = await waitFor('3 online', async () => {
      const list = await t.jlist();
      return list.filter((record) => record.pm2_env.status === 'online').length === 3 ? list : null;
    });
    assert.deepEqual(fieldsOf(records, t.home), pm2Apps);
  });
});
