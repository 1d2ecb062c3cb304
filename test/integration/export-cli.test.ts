// `tend export` through the real CLI: warnings as a table or JSON, --strict, options and their errors,
// secrets left out, and a round trip: the systemd units' ExecStart run by hand with their environment.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { runCli } from '../support/cli.js';
import { isAlive, waitFor } from '../support/daemon.js';
import { exportCase, exportWorkspace, readTree, runExport } from './export-fixture.js';

const workspace = exportWorkspace();
after(() => workspace.cleanup());
const examples = exportCase('examples-js');

interface WarningRow {
  target: string;
  app: string;
  field: string;
  message: string;
}

function smallProject(yaml: string): string {
  const project = workspace.copyProject(examples);
  writeFileSync(join(project, 'ecosystem.config.yaml'), yaml);
  return project;
}

test('warnings are a table on stderr; --strict fails with exit 1 and writes nothing', async () => {
  const project = workspace.copyProject(examples);
  const shown = await runExport(project, examples, 'kubernetes');
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stderr, /4 fields not carried over as they are/);
  assert.match(shown.stderr, /│ kubernetes │ api +│ max_memory_restart +│ becomes a memory limit/);
  assert.doesNotMatch(shown.stderr, /unknown option x-/);
  assert.match(shown.stdout, /^wrote tend-export\/kubernetes\/base\/api\.yaml$/m);
  assert.match(shown.stdout, /^note: No image given for api, worker, heartbeat: wrote a Dockerfile/m);

  const fresh = workspace.copyProject(examples);
  const strict = await runExport(fresh, examples, 'compose', ['--strict']);
  assert.equal(strict.code, 1);
  assert.match(strict.stderr, /│ compose +│ worker +│ restart_delay/);
  assert.match(strict.stderr, /^error E_EXPORT_STRICT: 4 fields cannot be carried over to compose as they are$/m);
  assert.ok(!existsSync(join(fresh, 'tend-export')), 'a failed --strict export writes nothing');

  // systemd carries every field of these two apps: --strict passes.
  const carried = await runExport(fresh, examples, 'systemd', ['--only', 'worker,heartbeat', '--strict']);
  assert.equal(carried.code, 0, carried.stderr);
  assert.equal(carried.stderr, '');
});

test('--json prints files, structured warnings and notes; with --strict the error carries the warnings', async () => {
  const project = workspace.copyProject(examples);
  const result = await runExport(project, examples, 'nomad', ['--json']);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as {
    format_version: number;
    target: string;
    files: { path: string; action: string }[];
    warnings: WarningRow[];
    notes: string[];
  };
  assert.equal(report.format_version, 1);
  assert.equal(report.target, 'nomad');
  assert.deepEqual(
    report.files.map((file) => [file.path, file.action]),
    [[join(project, 'tend-export/nomad/examples.nomad.json'), 'wrote']],
  );
  assert.deepEqual(
    report.warnings.map((warning) => [warning.target, warning.app, warning.field]),
    [
      ['nomad', 'api', 'exec_mode'],
      ['nomad', 'api', 'max_memory_restart'],
    ],
  );
  assert.ok(report.warnings.every((warning) => warning.message.length > 0));
  assert.ok(report.notes.some((note) => note.includes('raw_exec')));

  const strict = await runExport(project, examples, 'systemd', ['--json', '--strict']);
  assert.equal(strict.code, 1);
  const error = (JSON.parse(strict.stdout) as { error: { code: string; details: WarningRow[] } }).error;
  assert.equal(error.code, 'E_EXPORT_STRICT');
  assert.deepEqual(
    error.details.map((warning) => warning.field),
    ['exec_mode', 'max_memory_restart'],
  );
});

test('an unknown target, a bad x-export key and --image for an unknown app are errors with codes', async () => {
  const project = workspace.copyProject(examples);
  const target = await runExport(project, examples, 'swarm' as 'nomad');
  assert.equal(target.code, 1);
  assert.match(target.stderr, /^error E_EXPORT_TARGET: unknown export target swarm$/m);

  const image = await runExport(project, examples, 'kubernetes', ['--image', 'nope=registry/x:1']);
  assert.equal(image.code, 1);
  assert.match(image.stderr, /^error E_EXPORT_OPTION: --image nope=…: no app has this name$/m);

  const bad = smallProject('apps:\n  - name: web\n    script: apps/worker.js\n    x-export: { image: 3 }\n');
  const option = await runCli(['export', 'compose', 'ecosystem.config.yaml'], { cwd: bad });
  assert.equal(option.code, 1);
  assert.match(option.stderr, /^error E_EXPORT_OPTION: web: x-export\.image must be an image reference without spaces$/m);
});

test('--env selects the env_<name> overlay; Kubernetes writes every overlay anyway', async () => {
  const project = workspace.copyProject(examples);
  const compose = await runExport(project, examples, 'compose', ['--env', 'production', '--only', 'api']);
  assert.equal(compose.code, 0, compose.stderr);
  const composeFile = readFileSync(join(project, 'tend-export/compose/compose.yaml'), 'utf8');
  assert.match(composeFile, /NODE_ENV: production/);
  assert.doesNotMatch(composeFile, /worker/);
  const kubernetes = await runExport(project, examples, 'kubernetes');
  assert.equal(kubernetes.code, 0, kubernetes.stderr);
  assert.match(
    readFileSync(join(project, 'tend-export/kubernetes/overlays/production/kustomization.yaml'), 'utf8'),
    /name: api-env\n +behavior: merge\n +literals:\n +- NODE_ENV=production\n/,
  );
});

test('x- keys and --image give images; without one a Dockerfile is written', async () => {
  const project = smallProject(
    [
      'apps:',
      '  - name: web',
      '    script: apps/http-server.js',
      '    x-export: { port: 8080, probe: /health }',
      '    x-kubernetes: { image: registry.example/web:2 }',
      '  - name: worker',
      '    script: apps/worker.js',
      '',
    ].join('\n'),
  );
  const result = await runCli(
    ['export', 'kubernetes', 'ecosystem.config.yaml', '--image', 'worker=registry.example/worker:7', '--port', 'worker=9000', '--probe', 'worker=/ready'],
    { cwd: project },
  );
  assert.equal(result.code, 0, result.stderr);
  // A given image decides the stop signal; that is the one warning.
  assert.match(result.stderr, /^2 fields not carried over as they are:$/m);
  assert.match(result.stderr, /│ kubernetes │ web +│ kill_signal │ not carried over: pods are stopped with the image's STOPSIGNAL/);
  const files = readTree(join(project, 'tend-export/kubernetes'));
  assert.ok(!files.has('Dockerfile'), 'every app has an image');
  assert.match(files.get('base/web.yaml') ?? '', /image: registry\.example\/web:2\n[\s\S]*containerPort: 8080[\s\S]*path: \/health/);
  assert.match(files.get('base/worker.yaml') ?? '', /image: registry\.example\/worker:7\n[\s\S]*containerPort: 9000[\s\S]*path: \/ready/);
  const badPort = await runCli(['export', 'kubernetes', 'ecosystem.config.yaml', '--port', 'worker=http'], { cwd: project });
  assert.equal(badPort.code, 1);
  assert.match(badPort.stderr, /^error E_EXPORT_OPTION: worker: --port must be a port number \(1-65535\)$/m);

  const compose = await runCli(['export', 'compose', 'ecosystem.config.yaml'], { cwd: project });
  assert.equal(compose.code, 0, compose.stderr);
  const composeFiles = readTree(join(project, 'tend-export/compose'));
  assert.match(composeFiles.get('Dockerfile') ?? '', /^FROM node:24-slim$/m);
  assert.match(composeFiles.get('compose.yaml') ?? '', /build:\n +context: \.\.\/\.\.\n +dockerfile: tend-export\/compose\/Dockerfile/);
});

test('secret-looking env values are not written unless --include-secrets; a filled-in secrets file is kept', async () => {
  const project = smallProject('apps:\n  - name: web\n    script: apps/worker.js\n    env:\n      API_KEY: hunter2\n      MODE: fast\n');
  const result = await runCli(['export', 'kubernetes', 'ecosystem.config.yaml'], { cwd: project });
  assert.equal(result.code, 0, result.stderr);
  const out = join(project, 'tend-export/kubernetes');
  for (const [path, content] of readTree(out)) assert.ok(!content.includes('hunter2'), `${path} holds the secret`);
  assert.equal(readFileSync(join(out, 'base/web.secret.env'), 'utf8'), 'API_KEY=\n');
  assert.match(result.stdout, /note: Env values whose names look secret were not written: fill in base\/web\.secret\.env/);

  writeFileSync(join(out, 'base/web.secret.env'), 'API_KEY=filled-in\n');
  const again = await runCli(['export', 'kubernetes', 'ecosystem.config.yaml'], { cwd: project });
  assert.match(again.stdout, /^kept tend-export\/kubernetes\/base\/web\.secret\.env/m);
  assert.equal(readFileSync(join(out, 'base/web.secret.env'), 'utf8'), 'API_KEY=filled-in\n');

  const included = await runCli(['export', 'systemd', 'ecosystem.config.yaml', '--include-secrets'], { cwd: project });
  assert.equal(included.code, 0, included.stderr);
  assert.match(readFileSync(join(project, 'tend-export/systemd/web.service'), 'utf8'), /^Environment="API_KEY=hunter2"$/m);
});

/** The words of a systemd Exec line as systemd splits them (double quotes, backslash escapes, $$ and %%). */
function execWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const match of line.matchAll(pattern)) {
    const word = match[1] !== undefined ? match[1].replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char)) : (match[2] ?? '');
    words.push(word.replaceAll('$$', '$').replaceAll('%%', '%'));
  }
  return words;
}

function unitSettings(text: string, key: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${key}=`))
    .map((line) => line.slice(key.length + 1));
}

function unitEnvironment(text: string, instance: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const setting of unitSettings(text, 'Environment')) {
    const [assignment = ''] = execWords(setting);
    const at = assignment.indexOf('=');
    env[assignment.slice(0, at)] = assignment.slice(at + 1).replaceAll('%i', instance);
  }
  return env;
}

test('round trip: each exported unit ExecStart, run by hand in its WorkingDirectory with its Environment, starts the app and stops on its KillSignal', async (t) => {
  if (existsSync('/run/systemd/system')) t.diagnostic('this machine runs systemd, but the test does not install units into it; it runs ExecStart by hand');
  else t.diagnostic('no systemd runs here (no /run/systemd/system): ExecStart is run by hand instead of starting the units');
  const project = workspace.copyProject(examples);
  const result = await runExport(project, examples, 'systemd', ['--root', project]);
  assert.equal(result.code, 0, result.stderr);
  const units = join(project, 'tend-export/systemd');
  const expected: Record<string, RegExp> = {
    'api@.service': /listening on/,
    'worker.service': /worker \d+: tick 1/,
    'heartbeat.service': /heartbeat: \d\d:\d\d:\d\d/,
  };
  mkdirSync(join(project, 'run'), { recursive: true });
  for (const [unit, ready] of Object.entries(expected)) {
    const text = readFileSync(join(units, unit), 'utf8');
    const [execStart = ''] = unitSettings(text, 'ExecStart');
    const [workingDirectory = ''] = unitSettings(text, 'WorkingDirectory');
    const [killSignal = 'SIGTERM'] = unitSettings(text, 'KillSignal');
    const argv = execWords(execStart).map((word) => word.replaceAll('%i', '0'));
    const env = unitEnvironment(text, '0');
    // Other tests may hold port 3000: the one change from the unit is an ephemeral port.
    if (env.PORT !== undefined) env.PORT = '0';
    const [file = '', ...args] = argv;
    assert.equal(file, '/usr/bin/env');
    const child = spawn(file, args, {
      cwd: workingDirectory,
      env: { ...env, PATH: [dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(delimiter) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(`${unit} to start (${argv.join(' ')})`, () => ready.test(output), 20_000);
      assert.ok(child.pid !== undefined);
      process.kill(child.pid, killSignal);
      assert.equal(await exited, 0, `${unit} exits cleanly on ${killSignal}: ${output}`);
    } finally {
      if (child.pid !== undefined && child.exitCode === null && isAlive(child.pid)) child.kill('SIGKILL');
    }
  }
});
