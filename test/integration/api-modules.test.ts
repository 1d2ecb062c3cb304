// Issue 25: the package as PM2 users load it — `require` (CommonJS) and `import` (ESM), the default
// instance and named functions — and TypeScript code written against PM2's type definitions
// compiling against tend's declarations (tsc, as such a project builds: CommonJS with node10
// resolution, ESM and CommonJS with nodenext).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { makeHome, type TestHome } from '../support/daemon.js';
import { ApiProject } from '../support/api-project.js';

/** Code typed against PM2's own definitions (types/index.d.ts): their names, forms and callbacks. */
const typedConsumer = (importLine: string): string => `${importLine}
import type { StartOptions, Proc, ProcessDescription } from 'pm2';

const options: StartOptions = {
  script: 'app.js', name: 'api', exec_mode: 'cluster', instances: 2, max_memory_restart: '100M', env: { NODE_ENV: 'production' },
  output: './out.log', error: './err.log', merge_logs: true, autorestart: true, node_args: ['--harmony'], namespace: 'x',
  wait_ready: true, kill_timeout: 3000, cron: '0 * * * *', stop_exit_codes: [0], time: true,
};

pm2.connect(true, (err: Error) => {
  if (err) throw err;
  pm2.start(options, (err: Error, apps: Proc) => {
    console.log(err.message, apps.name, apps.pm_id);
    pm2.list((err: Error, list: ProcessDescription[]) => {
      list.forEach((p) => console.log(p.name, p.pid, p.pm_id, p.monit?.memory, p.pm2_env?.status, p.pm2_env?.pm_uptime, p.pm2_env?.instances));
    });
    pm2.start('app.js', (err, proc) => console.log(err, proc));
    pm2.start('app.js', { name: 'x' }, (err, proc) => console.log(err, proc));
    pm2.start('app.js', 'opts.json', (err, proc) => console.log(err, proc));
    pm2.stop('api', (err, proc) => console.log(err, proc));
    pm2.restart(0, (err, proc) => console.log(err, proc));
    pm2.reload('api', { updateEnv: true }, (err, proc) => console.log(err, proc));
    pm2.delete('api', (err, proc) => console.log(err, proc));
    pm2.describe(0, (err, desc) => console.log(desc[0]?.pm2_env?.pm_out_log_path));
    pm2.dump((err, result) => console.log(err, result));
    pm2.flush('api', (err, result) => console.log(err, result));
    pm2.reloadLogs((err, result) => console.log(err, result));
    pm2.launchBus((err, bus) => {
      bus.on('process:msg', (packet: any) => console.log(packet.data));
      bus.on('log:out', (packet: { process: { name: string }; data: string }) => console.log(packet.process.name, packet.data));
    });
    pm2.sendSignalToProcessName('SIGINT', 'api', (err, result) => console.log(err, result));
    pm2.startup('ubuntu', (err, result) => console.log(err, result));
    pm2.sendDataToProcessId(0, { type: 'process:msg', data: {}, topic: true }, (err, result) => console.log(err, result));
    pm2.streamLogs('api', 0, true, false, 'out').then((stream) => stream.on('line', (line) => console.log(line.name, line.line)));
    pm2.printLogs('api', 10, (err, lines) => console.log(err, lines));
    pm2.sendLineToStdin(0, 'hello', (err, result) => console.log(err, result));
    pm2.attach(0, '\\n', (err) => console.log(err));
    pm2.pullAndReload('api', (err, meta) => console.log(err, meta.current_revision));
    pm2.pullCommitId('api', 'abc123', (err, meta) => console.log(err, meta));
    pm2.forward('api').then((moved) => console.log(moved.to));
    pm2.deploy('ecosystem.config.js', { rawArgs: ['deploy', 'ecosystem.config.js', 'production', 'setup'] }, (err, data) => console.log(err, data));
    pm2.deploy('ecosystem.config.js', ['production', 'revert', '1']).then((run) => console.log(run?.outcomes));
    pm2.serve('./public', 8080, { spa: true }, (err, procs) => console.log(err, procs));
    pm2.profile('cpu', 5000, (err) => console.log(err));
    pm2.killDaemon((err, desc) => console.log(err, desc));
    pm2.disconnect();
  });
});
`;

/** Every public call of PM2 7's API (index.js, lib/API.js and its mix-ins, types/index.d.ts). */
const pm2Calls = [
  ...['connect', 'disconnect', 'close', 'destroy', 'launchBus', 'launchModules', 'launchSysMonitoring'],
  ...['start', 'stop', 'restart', 'reload', 'gracefulReload', 'delete', 'reset', 'scale', 'kill', 'killDaemon', 'update', 'deepUpdate'],
  ...['_startJson', '_jsonStartOrAction', 'actionFromJson'],
  ...['list', 'describe', 'getProcessIdByName', 'getPID', 'env', 'getVersion', 'ping', 'report', 'slist'],
  ...['dump', 'resurrect', 'clearDump', 'startup', 'uninstallStartup'],
  ...['flush', 'reloadLogs', 'logrotate', 'streamLogs', 'printLogs'],
  ...['sendDataToProcessId', 'sendSignalToProcessName', 'sendSignalToProcessId', 'sendLineToStdin', 'attach', 'trigger', 'msgProcess'],
  ...['get', 'set', 'unset', 'multiset', 'conf'],
  ...['install', 'uninstall', 'publish', 'package', 'generateModuleSample'],
  ...['deploy', 'serve', 'profile', 'inspect', 'monit', 'dashboard', 'boilerplate', 'autoinstall', 'generateSample', 'dockerMode', 'generateDockerfile'],
  ...['pullAndReload', 'pullAndRestart', 'pullCommitId', '_pullCommitId', 'forward', 'backward'],
  ...['monitor', 'unmonitor', 'link', 'unlink'],
];

function runNode(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('API as a package: require, import and TypeScript', () => {
  let t: TestHome;
  let project: ApiProject;
  before(() => {
    t = makeHome('tend-api-');
    project = new ApiProject(t);
  });
  after(() => t.cleanup());

  test('require() gives the default instance with every call, custom and the properties; no warning', async () => {
    const run = await project.run(
      'shape.cjs',
      `
      const calls = ${JSON.stringify(pm2Calls)};
      const pm2 = require('pm2');
      const { connect, start, list, launchBus, sendDataToProcessId, custom } = require('pm2');
      report('missing', calls.filter((name) => typeof pm2[name] !== 'function' || typeof pm2.default[name] !== 'function'));
      report('named', [connect, start, list, launchBus, sendDataToProcessId].every((fn) => typeof fn === 'function'));
      report('custom', typeof custom === 'function' && new custom({ cwd: '/' }).cwd === '/' && typeof pm2.default.custom === 'function');
      report('props', { home: pm2.pm2_home, daemon: pm2.daemon_mode, cwd: pm2.cwd });
      list((err, procs) => { report('listed', { err, count: procs.length }); pm2.killDaemon(() => pm2.disconnect()); });
      `,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '', 'require() of tend prints nothing (no ExperimentalWarning)');
    assert.deepEqual(run.reports.missing, []);
    assert.equal(run.reports.named, true);
    assert.equal(run.reports.custom, true);
    assert.deepEqual(run.reports.props, { home: t.home, daemon: true, cwd: project.dir });
    assert.deepEqual(run.reports.listed, { err: null, count: 0 });
  });

  test('import: the default export, the namespace and named imports are the same calls', async () => {
    const run = await project.run(
      'shape.mjs',
      `
      import pm2, { list, custom } from 'pm2';
      import * as namespace from 'pm2';
      report('same', namespace.default === pm2 && typeof list === 'function' && namespace.custom === custom && pm2.custom === custom);
      report('listed', (await list()).length);
      await namespace.killDaemon();
      await pm2.disconnect();
      `,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.reports.same, true);
    assert.equal(run.reports.listed, 0);
  });

  test("the README's CommonJS example (manifests/api-example/example.cjs) runs", async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'manifests/api-example/example.cjs')], { env: { ...process.env, TEND_HOME: t.home } });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, output);
    assert.match(output, /answerer is online with pid \d+/);
    assert.match(output, /reply: .*hello api/);
    assert.match(output, /apps left: 0/);
  });

  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
  const typeRoots = join(repoRoot, 'node_modules/@types');
  for (const variant of [
    {
      name: 'CommonJS, node10 resolution (package.json "types")',
      file: 'consumer.ts',
      module: 'commonjs',
      resolution: 'node10',
      importLine: "import * as pm2 from 'pm2';",
    },
    { name: 'ESM, nodenext (exports "types")', file: 'consumer.mts', module: 'nodenext', resolution: 'nodenext', importLine: "import pm2 from 'pm2';" },
    { name: 'CommonJS, nodenext', file: 'consumer.cts', module: 'nodenext', resolution: 'nodenext', importLine: "import * as pm2 from 'pm2';" },
  ]) {
    test(`TypeScript written against PM2's definitions compiles: ${variant.name}`, async () => {
      const folder = `ts-${variant.module}-${variant.file.replace('.', '-')}`;
      const dir = join(project.dir, folder);
      project.write(join(folder, variant.file), typedConsumer(variant.importLine));
      const config = {
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: variant.module,
          moduleResolution: variant.resolution,
          target: 'es2022',
          lib: ['es2022'],
          typeRoots: [typeRoots],
          types: ['node'],
        },
        files: [variant.file],
      };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
      const result = await runNode([tsc, '-p', join(dir, 'tsconfig.json')], project.dir);
      assert.equal(result.code, 0, result.output);
    });
  }
});
