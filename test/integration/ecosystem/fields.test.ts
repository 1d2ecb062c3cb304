// Every option of the catalog: parsing, every alias (incl. camelCase), units and defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fieldCatalog, ignoredFields, inputFields, specFields } from '../../../src/ecosystem/catalog.js';
import { checkApps } from '../../../src/ecosystem/normalize.js';
import type { AppSpec } from '../../../src/ecosystem/types.js';
import { tempDir } from '../../support/temp-dir.js';

const dir = tempDir({ 'app.js': '', 'tool.py': '', 'logs/.keep': '', 'sub/app.js': '' });
const scriptSpellings = new Set([specFields.script.name, ...specFields.script.aliases]);

function normalize(raw: Record<string, unknown>, env?: string): { app: AppSpec | undefined; errors: string[]; warnings: string[] } {
  const hasScript = Object.keys(raw).some((key) => scriptSpellings.has(key));
  const result = checkApps([{ ...(hasScript ? {} : { script: 'app.js' }), ...raw }], {
    baseDir: dir,
    cpus: 4,
    basePath: [],
    indexed: false,
    ...(env === undefined ? {} : { env }),
  });
  return {
    app: result.apps[0],
    errors: result.problems.filter((p) => p.severity === 'error').map((p) => `${p.path}: ${p.message}`),
    warnings: result.problems.filter((p) => p.severity === 'warning').map((p) => `${p.path}: ${p.message}`),
  };
}

/** A valid sample per field: [raw value, expected AppSpec field, expected value]. */
const samples: Record<string, [unknown, keyof AppSpec, unknown]> = {
  name: ['web', 'name', 'web'],
  instances: [3, 'instances', 3],
  script: ['tool.py', 'script', join(dir, 'tool.py')],
  args: ['--port 3000 "two words"', 'args', ['--port', '3000', 'two words']],
  cwd: ['sub', 'cwd', join(dir, 'sub')],
  interpreter: ['/usr/bin/node', 'interpreter', '/usr/bin/node'],
  interpreter_args: ['--max-old-space-size=256 --inspect', 'interpreter_args', ['--max-old-space-size=256', '--inspect']],
  env: [{ B: 1, A: true, C: { x: 1 }, D: null }, 'env', { A: 'true', B: '1', C: '{"x":1}' }],
  filter_env: [['AWS_'], 'filter_env', ['AWS_']],
  port: [8080, 'port', 8080],
  instance_var: ['INSTANCE_ID', 'instance_var', 'INSTANCE_ID'],
  increment_var: ['PORT', 'increment_var', 'PORT'],
  uid: ['www-data', 'uid', 'www-data'],
  gid: [33, 'gid', 33],
  source_map_support: [true, 'source_map_support', true],
  exec_mode: ['cluster_mode', 'exec_mode', 'cluster'],
  namespace: ['backend', 'namespace', 'backend'],
  autostart: [false, 'autostart', false],
  autorestart: [false, 'autorestart', false],
  max_restarts: ['5', 'max_restarts', 5],
  min_uptime: ['5s', 'min_uptime', 5000],
  restart_delay: ['2m', 'restart_delay', 120_000],
  exp_backoff_restart_delay: [100, 'exp_backoff_restart_delay', 100],
  stop_exit_codes: [[0, '2'], 'stop_exit_codes', [0, 2]],
  max_memory_restart: ['300M', 'max_memory_restart', 300 * 1024 ** 2],
  cron_restart: ['0 3 * * *', 'cron_restart', '0 3 * * *'],
  kill_timeout: ['3s', 'kill_timeout', 3000],
  kill_signal: ['SIGTERM', 'kill_signal', 'SIGTERM'],
  listen_timeout: [8000, 'listen_timeout', 8000],
  wait_ready: [true, 'wait_ready', true],
  code_paths: [['lib', 'apps/api'], 'code_paths', ['lib', 'apps/api']],
  health: [{ http: '/healthz', timeout: '2s' }, 'health', { http: '/healthz', port: null, timeout: 2000 }],
  shutdown_with_message: [true, 'shutdown_with_message', true],
  treekill: [false, 'treekill', false],
  watch: [['src', '/abs'], 'watch', [join(dir, 'src'), '/abs']],
  ignore_watch: ['node_modules', 'ignore_watch', ['node_modules']],
  watch_delay: ['1s', 'watch_delay', 1000],
  watch_options: [{ usePolling: true }, 'watch_options', { usePolling: true }],
  out_file: ['logs/out.log', 'out_file', join(dir, 'logs/out.log')],
  error_file: ['NULL', 'error_file', '/dev/null'],
  log_file: ['logs/all.log', 'log_file', join(dir, 'logs/all.log')],
  merge_logs: [false, 'merge_logs', false],
  log_date_format: ['HH:mm', 'log_date_format', 'HH:mm'],
  log_type: ['json', 'log_type', 'json'],
  disable_logs: [true, 'disable_logs', true],
  log_max_size: ['10M', 'log_max_size', 10 * 1024 ** 2],
  log_retain: [3, 'log_retain', 3],
  log_compress: [true, 'log_compress', true],
  pid_file: ['run/app.pid', 'pid_file', join(dir, 'run/app.pid')],
  time: [true, 'log_date_format', 'YYYY-MM-DDTHH:mm:ss'],
  name_prefix: ['team', 'name', 'team:app'],
  execute_command: [true, 'exec_mode', 'fork'],
  disable_source_map_support: [true, 'source_map_support', false],
};

/** A bad value per field, when the field can have one. */
const badValues: Record<string, unknown> = {
  name: '42',
  instances: 'abc',
  script: '',
  args: 5,
  cwd: 'missing-dir',
  interpreter: 3,
  interpreter_args: { a: 1 },
  env: 'A=1',
  filter_env: 3,
  port: 70000,
  instance_var: 'not a var',
  increment_var: '1X',
  uid: -1,
  gid: true,
  source_map_support: 'yes',
  exec_mode: 'thread',
  namespace: '',
  autostart: 'false',
  autorestart: 0,
  max_restarts: -1,
  min_uptime: '5 minutes',
  restart_delay: 'soon',
  exp_backoff_restart_delay: -5,
  stop_exit_codes: ['x'],
  max_memory_restart: '300X',
  cron_restart: 'every day',
  kill_timeout: 'x',
  kill_signal: 'TERM',
  listen_timeout: {},
  wait_ready: 1,
  health: { http: '/x', tcp: 80 },
  code_paths: 5,
  shutdown_with_message: 'y',
  treekill: null,
  watch: 5,
  ignore_watch: {},
  watch_delay: 'x',
  watch_options: [],
  out_file: 5,
  error_file: false,
  log_file: 5,
  merge_logs: 'no',
  log_date_format: 5,
  log_type: 'xml',
  disable_logs: 'true',
  log_max_size: '1T',
  log_retain: 1.5,
  log_compress: 'gzip',
  pid_file: 7,
  time: 'yes',
  name_prefix: 5,
  append_env_to_name: 1,
  execute_command: 'x',
  disable_source_map_support: 'x',
};

test('every option of the catalog has a parsing sample here (add one with every new field)', () => {
  const covered = new Set([...Object.keys(samples), 'revision', 'append_env_to_name']);
  for (const field of fieldCatalog) if (field.kind !== 'ignored') assert.ok(covered.has(field.name), `no sample for ${field.name}`);
});

test('every option parses its canonical spelling', () => {
  for (const [key, [raw, target, expected]] of Object.entries(samples)) {
    const { app, errors } = normalize({ [key]: raw });
    assert.deepEqual(errors, [], key);
    assert.deepEqual(app?.[target], expected, key);
  }
});

test('every alias (PM2 aliases and camelCase) means the same as the canonical name', () => {
  for (const field of fieldCatalog) {
    const sample = samples[field.name];
    if (sample === undefined) continue;
    const [raw, target, expected] = sample;
    assert.ok(field.aliases.length > 0 || !field.name.includes('_'), `${field.name} has no camelCase alias`);
    for (const alias of field.aliases) {
      const { app, errors, warnings } = normalize({ [alias]: raw });
      assert.deepEqual(errors, [], alias);
      assert.deepEqual(warnings, [], alias);
      assert.deepEqual(app?.[target], expected, `${alias} → ${field.name}`);
    }
  }
  assert.equal(normalize({ maxMemoryRestart: '1G' }).app?.max_memory_restart, 1024 ** 3);
  assert.equal(normalize({ node_args: '--inspect' }).app?.interpreter_args[0], '--inspect');
  assert.equal(normalize({ exec_interpreter: 'python3' }).app?.interpreter, 'python3');
});

test('every option rejects a bad value with its path, the value (never an env value: it may be secret) and a hint', () => {
  for (const [key, raw] of Object.entries(badValues)) {
    const result = checkApps([{ script: 'app.js', [key]: raw }], { baseDir: dir, cpus: 4 });
    const errors = result.problems.filter((p) => p.severity === 'error');
    assert.ok(errors.length > 0, `${key}: ${JSON.stringify(raw)} was accepted`);
    const problem = errors[0];
    assert.ok(problem !== undefined && problem.path.startsWith('apps[0]'), `${key}: ${problem?.path}`);
    assert.ok(problem.hint.length > 0, key);
    assert.equal('value' in problem, key !== 'env', key);
  }
});

test('a spelling given twice is an error', () => {
  assert.match(
    normalize({ interpreter: 'node', exec_interpreter: 'node' }).errors.join(),
    /interpreter is given twice \(as interpreter and exec_interpreter\)/,
  );
});

test('defaults: every field is present and the catalog defaults are used', () => {
  const { app } = normalize({});
  assert.ok(app);
  for (const field of Object.values(specFields)) assert.ok(field.name in app, field.name);
  assert.deepEqual(
    {
      name: app.name,
      instances: app.instances,
      exec_mode: app.exec_mode,
      interpreter: app.interpreter,
      merge_logs: app.merge_logs,
      kill_timeout: app.kill_timeout,
      min_uptime: app.min_uptime,
      max_restarts: app.max_restarts,
      listen_timeout: app.listen_timeout,
      namespace: app.namespace,
      autorestart: app.autorestart,
      treekill: app.treekill,
      watch: app.watch,
      out_file: app.out_file,
      log_file: app.log_file,
      kill_signal: app.kill_signal,
      instance_var: app.instance_var,
      cwd: app.cwd,
    },
    {
      name: 'app',
      instances: 1,
      exec_mode: 'fork',
      interpreter: 'node',
      merge_logs: true,
      kill_timeout: 1600,
      min_uptime: 1000,
      max_restarts: 16,
      listen_timeout: 3000,
      namespace: 'default',
      autorestart: true,
      treekill: true,
      watch: false,
      out_file: null,
      log_file: false,
      kill_signal: 'SIGINT',
      instance_var: 'NODE_APP_INSTANCE',
      cwd: dir,
    },
  );
});

test('default arrays and objects are never shared between specs', () => {
  const result = checkApps(
    [
      { script: 'app.js', name: 'a' },
      { script: 'app.js', name: 'b' },
    ],
    { baseDir: dir, cpus: 4 },
  );
  const [a, b] = result.apps;
  assert.ok(a && b);
  assert.notEqual(a.args, b.args);
  assert.notEqual(a.env, b.env);
});

test('instances: a number, "max" and 0 (every CPU), negative (CPUs − n, at least 1); cluster by default for node', () => {
  const cases: [unknown, number][] = [
    [2, 2],
    ['3', 3],
    ['max', 4],
    [0, 4],
    [-1, 3],
    ['-2', 2],
    [-10, 1],
  ];
  for (const [raw, expected] of cases) {
    const { app } = normalize({ instances: raw });
    assert.equal(app?.instances, expected, String(raw));
    assert.equal(app?.exec_mode, 'cluster', String(raw));
    assert.equal(app?.merge_logs, false);
  }
  assert.equal(normalize({ instances: 2, script: 'tool.py' }).app?.exec_mode, 'fork');
  assert.equal(normalize({ instances: 2, execute_command: true }).app?.exec_mode, 'fork');
  assert.match(normalize({ exec_mode: 'cluster', script: 'tool.py' }).errors.join(), /cluster mode runs Node\.js scripts only/);
});

test('interpreter by extension; none for other files; a given interpreter wins', () => {
  const files = ['a.js', 'a.cjs', 'a.mjs', 'a.py', 'a.sh', 'a.rb', 'a.php', 'a.pl', 'a.coffee', 'a.bin'];
  const where = tempDir(Object.fromEntries(files.map((file) => [file, ''])));
  const expected = ['node', 'node', 'node', 'python3', 'bash', 'ruby', 'php', 'perl', 'coffee', 'none'];
  const result = checkApps(
    files.map((script, index) => ({ script, name: `n${index}` })),
    { baseDir: where, cpus: 1 },
  );
  assert.deepEqual(
    result.apps.map((app) => app.interpreter),
    expected,
  );
  assert.equal(checkApps([{ script: 'a.py', interpreter: 'python3.12' }], { baseDir: where }).apps[0]?.interpreter, 'python3.12');
  assert.equal(checkApps([{ script: 'a.py', interpreter: './venv/bin/python' }], { baseDir: where }).apps[0]?.interpreter, join(where, 'venv/bin/python'));
});

test('TypeScript runs through tsx when the app can resolve it, else E_INTERPRETER_MISSING', () => {
  const without = tempDir({ 'main.ts': '' });
  const missing = checkApps([{ script: 'main.ts' }], { baseDir: without }).problems;
  assert.equal(missing[0]?.code, 'E_INTERPRETER_MISSING');
  assert.match(missing[0]?.hint ?? '', /npm install tsx/);
  const withTsx = tempDir({ 'main.ts': '', 'node_modules/tsx/package.json': '{"name":"tsx"}' });
  const app = checkApps([{ script: 'main.ts', node_args: '--inspect' }], { baseDir: withTsx }).apps[0];
  assert.equal(app?.interpreter, 'node');
  assert.deepEqual(app?.interpreter_args, ['--import', 'tsx', '--inspect']);
  assert.equal(checkApps([{ script: 'main.ts', interpreter: 'bun' }], { baseDir: without }).apps[0]?.interpreter, 'bun');
});

test('script: a missing path is an error; a bare word is a command on PATH; spaces make a shell command', () => {
  assert.match(normalize({ script: './nope.js' }).errors.join(), /script .*nope\.js does not exist/);
  assert.match(normalize({ script: 'nope.js' }).errors.join(), /does not exist/);
  const command = normalize({ script: 'redis-server' }).app;
  assert.deepEqual([command?.script, command?.interpreter, command?.name], ['redis-server', 'none', 'redis-server']);
  const shell = normalize({ script: 'npm run start' }).app;
  assert.deepEqual([shell?.script, shell?.interpreter, shell?.name], ['npm run start', 'none', 'npm']);
  assert.match(
    normalize({}).errors.join() +
      checkApps([{ name: 'x' }], { baseDir: dir })
        .problems.map((p) => p.message)
        .join(),
    /script is missing/,
  );
});

test('env: sorted, stringified, env_<name> overlay with --env, port → PORT', () => {
  const raw = { env: { Z: 'z', A: 1 }, env_production: { A: 2, NODE_ENV: 'production' }, port: 3000 };
  assert.deepEqual(normalize(raw).app?.env, { A: '1', PORT: '3000', Z: 'z' });
  const production = normalize(raw, 'production').app?.env;
  assert.deepEqual(production, { A: '2', NODE_ENV: 'production', PORT: '3000', Z: 'z' });
  assert.deepEqual(Object.keys(production ?? {}), ['A', 'NODE_ENV', 'PORT', 'Z']);
  assert.match(normalize({ env_staging: 'x' }).errors.join(), /env_staging must be an object/);
});

test('names: name_prefix, append_env_to_name, derived and invalid names', () => {
  assert.equal(normalize({ append_env_to_name: true }, 'staging').app?.name, 'app-staging');
  assert.equal(normalize({ append_env_to_name: true }).app?.name, 'app');
  assert.equal(normalize({ name: 'api', name_prefix: 'shop' }).app?.name, 'shop:api');
  assert.match(normalize({ name: 'all' }).errors.join(), /apps\[0\]\.name|name/);
});

test('logs: merge_logs true only for a single fork process; time sets the date format; NULL disables', () => {
  assert.equal(normalize({}).app?.merge_logs, true);
  assert.equal(normalize({ instances: 2, exec_mode: 'fork' }).app?.merge_logs, false);
  assert.equal(normalize({ time: true, log_date_format: 'HH' }).app?.log_date_format, 'HH');
  assert.equal(normalize({ out_file: '/dev/null' }).app?.out_file, '/dev/null');
  assert.equal(normalize({ log_file: true }).app?.log_file, true);
});

test('watch: true watches cwd; paths are relative to cwd', () => {
  assert.deepEqual(normalize({ watch: true }).app?.watch, [dir]);
  assert.deepEqual(normalize({ watch: 'src' }).app?.watch, [join(dir, 'src')]);
  assert.equal(normalize({ watch: [] }).app?.watch, false);
});

test('cron_restart: 0 disables; an invalid pattern is a problem', () => {
  assert.equal(normalize({ cron: 0 }).app?.cron_restart, null);
  assert.equal(normalize({ cron_restart: '*/10 * * * * *' }).app?.cron_restart, '*/10 * * * * *');
  assert.match(normalize({ cron_restart: '99 * * * *' }).errors.join(), /not a valid cron pattern/);
});

test('unknown keys: a warning with did-you-mean, an error under strict', () => {
  assert.deepEqual(normalize({ instancs: 2 }).warnings, ['instancs: unknown option instancs']);
  const problems = checkApps([{ script: 'app.js', instancs: 2 }], { baseDir: dir, basePath: [], indexed: false }).problems;
  assert.equal(problems[0]?.hint, 'did you mean `instances`?');
  const strict = checkApps([{ script: 'app.js', instancs: 2 }], { baseDir: dir, strict: true }).problems;
  assert.equal(strict[0]?.severity, 'error');
  assert.equal(
    checkApps([{ script: 'app.js', zzzzzzzzzz: 1 }], { baseDir: dir }).problems[0]?.hint,
    'see docs/ecosystem.md for every option; prefix your own keys with `x-`',
  );
});

test('PM2 options without effect in tend are accepted with a warning', () => {
  for (const field of ignoredFields) {
    const { errors, warnings } = normalize({ [field.name]: true });
    assert.deepEqual(errors, [], field.name);
    assert.match(warnings.join(), /has no effect in tend/, field.name);
  }
  assert.ok(Object.keys(inputFields).length > 0);
  assert.match(normalize({ revision: 'abc' }).warnings.join(), /computed by tend/);
});

test('duplicate names are errors naming both apps', () => {
  const result = checkApps([{ script: 'app.js' }, { script: 'app.js', name: 'other' }, { script: 'sub/../app.js' }], { baseDir: dir });
  const errors = result.problems.filter((p) => p.severity === 'error');
  assert.equal(errors.length, 1);
  assert.equal(errors[0]?.path, 'apps[2].name');
  assert.match(errors[0]?.message ?? '', /duplicate app name app \(also used by apps\[0\]\)/);
});
