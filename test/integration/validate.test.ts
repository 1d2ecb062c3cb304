// `tend validate` through the real CLI: examples print, every problem of a file is reported in one run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot, runCli } from '../support/cli.js';
import type { AppSpec } from '../../src/ecosystem/types.js';

const fixtures = join(repoRoot, 'test/fixtures/ecosystems');
const examples = join(repoRoot, 'manifests/examples');

test('tend validate --verbose prints the normalized apps of every example', async () => {
  const files = readdirSync(examples).filter((file) => /\.(ya?ml|json|[cm]?js)$/.test(file));
  assert.ok(files.includes('quickstart.yaml') && files.includes('ecosystem.config.js'));
  for (const file of files) {
    const result = await runCli(['validate', join(examples, file), '--verbose']);
    assert.equal(result.code, 0, `${file}: ${result.stderr}`);
    assert.equal(result.stderr, '', file);
    const printed = parse(result.stdout) as { apps: AppSpec[] };
    assert.deepEqual(
      printed.apps.map((app) => app.name),
      ['api', 'worker', 'heartbeat'],
      file,
    );
    const [api, worker, heartbeat] = printed.apps;
    assert.deepEqual([api?.instances, api?.exec_mode, api?.env.PORT, worker?.exec_mode, heartbeat?.interpreter], [2, 'cluster', '3000', 'fork', 'bash'], file);
  }
});

test('without --verbose or --json, a valid file gets a one-line summary: valid, its apps, its warnings', async () => {
  const result = await runCli(['validate', 'manifests/examples/quickstart.yaml']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, 'manifests/examples/quickstart.yaml is valid: 3 apps (api ×2, worker, heartbeat), no warnings\n');
  const dir = mkdtempSync(join(tmpdir(), 'tend-validate-'));
  try {
    writeFileSync(join(dir, 'ecosystem.config.json'), JSON.stringify({ apps: [{ name: 'one', script: 'one.js', colour: 'blue' }] }));
    writeFileSync(join(dir, 'one.js'), '');
    const strict = await runCli(['validate'], { cwd: dir });
    assert.equal(strict.code, 1, 'an unknown key is an error for validate');
    assert.match(strict.stderr, /E_SPEC_UNKNOWN_KEY/);
    const one = await runCli(['validate', '--no-strict'], { cwd: dir });
    assert.equal(one.code, 0, one.stderr);
    assert.equal(one.stdout, 'ecosystem.config.json is valid: 1 app (one), 1 warning\n');
    assert.match(one.stderr, /^warning: .*colour/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--json with --env and --only', async () => {
  const result = await runCli(['validate', join(examples, 'quickstart.yaml'), '--json', '--env', 'production', '--only', 'api']);
  assert.equal(result.code, 0, result.stderr);
  const printed = JSON.parse(result.stdout) as { file: string; apps: AppSpec[] };
  assert.equal(printed.file, join(examples, 'quickstart.yaml'));
  assert.deepEqual(
    printed.apps.map((app) => [app.name, app.env.NODE_ENV]),
    [['api', 'production']],
  );
});

test('one file with an unknown key, instances "abc", a missing script and a duplicate name: all four, exit 1', async () => {
  const result = await runCli(['validate', 'four-problems.yaml', '--no-strict'], { cwd: fixtures });
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  const lines = result.stderr.trim().split('\n');
  assert.deepEqual(lines, [
    'warning: four-problems.yaml:5:5 apps[0].instancs: unknown option instancs — did you mean `instances`?',
    'problem: four-problems.yaml:8:5 apps[1].instances: instances must be a whole number or "max" ("abc") — write a number such as 4, "max" for every CPU, or -1 for every CPU but one',
    `problem: four-problems.yaml:10:5 apps[2].script: script ${join(fixtures, 'apps/does-not-exist.js')} does not exist ("apps/does-not-exist.js") — fix the path: it is relative to the app cwd`,
    'problem: four-problems.yaml:11:5 apps[3].name: duplicate app name api (also used by apps[0]) ("api") — give every app a unique name',
    `error E_SPEC_INVALID: ${join(fixtures, 'four-problems.yaml')} has 3 problems`,
    'hint: Fix every problem listed above, then run `tend validate` again.',
  ]);
  const strict = await runCli(['validate', 'four-problems.yaml'], { cwd: fixtures });
  assert.equal(strict.code, 1);
  assert.match(strict.stderr, /^problem: four-problems\.yaml:5:5 apps\[0\]\.instancs: unknown option instancs/m);
  assert.match(strict.stderr, /has 4 problems/);
  const json = await runCli(['validate', 'four-problems.yaml', '--json'], { cwd: fixtures });
  const error = (JSON.parse(json.stdout) as { error: { code: string; details: unknown[] } }).error;
  assert.deepEqual([json.code, error.code, error.details.length], [1, 'E_SPEC_INVALID', 4]);
});

test('a YAML syntax error is reported as file:line:col', async () => {
  const result = await runCli(['validate', 'syntax-error.yaml'], { cwd: fixtures });
  assert.equal(result.code, 1);
  assert.match(result.stderr, new RegExp(`^error E_FILE_PARSE: ${join(fixtures, 'syntax-error.yaml')}:\\d+:\\d+: \\S`));
});

test('secret-looking env values are hidden unless --show-secrets', async () => {
  const hidden = await runCli(['validate', 'secrets.json', '--verbose'], { cwd: fixtures });
  assert.equal(hidden.code, 0, hidden.stderr);
  assert.match(hidden.stdout, /API_TOKEN: \(sensitive\)/);
  assert.doesNotMatch(hidden.stdout, /t0ps3cret/);
  const shown = await runCli(['validate', 'secrets.json', '--verbose', '--show-secrets'], { cwd: fixtures });
  assert.match(shown.stdout, /API_TOKEN: t0ps3cret/);
});

test('no ecosystem file in the directory: E_FILE_NOT_FOUND', async () => {
  const result = await runCli(['validate'], { cwd: join(fixtures, 'apps') });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^error E_FILE_NOT_FOUND: no ecosystem file in /);
});
