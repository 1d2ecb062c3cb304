// The runtime schemas as data: the AppSpec schema follows the field catalog, params schemas accept what
// the CLI sends and refuse the rest with the path of each bad field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { specFields } from '../../../src/ecosystem/catalog.js';
import { appSpecSchema, storedSpecSchema } from '../../../src/ecosystem/spec-schema.js';
import { checkShape } from '../../../src/errors/check-shape.js';
import { TendError } from '../../../src/errors/index.js';
import { paramsSchemas } from '../../../src/protocol/params.js';
import type { AppSpec } from '../../../src/ecosystem/types.js';
import { testSpec } from '../../support/spec.js';

function problemsOf(value: unknown): Array<{ path: string; message: string }> {
  try {
    checkShape(appSpecSchema, value, 'E_PROTOCOL', 'spec');
    return [];
  } catch (error) {
    assert.ok(error instanceof TendError);
    return (error.details as { problems: Array<{ path: string; message: string }> }).problems;
  }
}

test('a normalized spec passes unchanged', () => {
  const spec = testSpec({ name: 'web', env: { NODE_ENV: 'production' }, watch: ['/srv/app'], stop_exit_codes: [0, 2], uid: 'www' });
  assert.deepEqual(appSpecSchema.parse(spec), spec);
});

test('every field of the catalog is required: the schema is derived from it, not listed by hand', () => {
  for (const name of Object.keys(specFields)) {
    const spec: Record<string, unknown> = { ...testSpec({ name: 'web' }) };
    delete spec[name];
    assert.deepEqual(
      problemsOf(spec).map((problem) => problem.path),
      [name],
      name,
    );
  }
  assert.equal(problemsOf({}).length, Object.keys(specFields).length);
});

test('values that are not normalized are refused with the field path and what was expected', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['instances', 'max', /expected a normalized integer/],
    ['instances', 0, /expected a normalized/],
    ['exec_mode', 'cluster_mode', /expected a normalized "fork" \| "cluster"/],
    ['env', { PORT: 3000 }, /expected a normalized object of strings/],
    ['kill_timeout', '5s', /expected a normalized duration/],
    ['name', 'my app', /expected string: has an invalid format/],
    ['autorestart', 'yes', /expected boolean: must be true or false/],
  ];
  for (const [field, value, message] of cases) {
    const problems = problemsOf({ ...testSpec({ name: 'web' }), [field]: value });
    assert.equal(problems.length, 1, `${field}: ${JSON.stringify(problems)}`);
    assert.equal(problems[0]?.path, field);
    assert.match(problems[0]?.message ?? '', message);
    assert.doesNotMatch(problems[0]?.message ?? '', /3000/, 'values are never quoted');
  }
});

test('params: what the CLI sends passes; a bad request names each path, the first three in the message', () => {
  const apply = {
    specs: [testSpec({ name: 'web' })],
    source: '/srv/ecosystem.config.js',
    baseEnv: { HOME: '/root' },
    mode: 'apply',
    prune: true,
    holder: 'tend apply',
    fingerprint: 'abc',
  };
  assert.deepEqual(paramsSchemas.apply.parse(apply), apply);
  assert.deepEqual(paramsSchemas.ping.parse({ extra: 1 }), {}, 'unknown keys are ignored');
  assert.throws(
    () => checkShape(paramsSchemas.apply, { specs: 'all', source: 1, baseEnv: { A: 1 }, mode: 'apply', prune: 'no' }, 'E_PROTOCOL', 'invalid params for apply'),
    (error: unknown) =>
      error instanceof TendError &&
      error.code === 'E_PROTOCOL' &&
      error.message ===
        'invalid params for apply: specs: expected array, received string; source: expected string, received number; baseEnv.A: expected string, received number (and 2 more)' &&
      (error.details as { problems: unknown[] }).problems.length === 5,
  );
});

test('a stored spec written before a field existed gets its default (upgrading tend keeps every app); the socket still wants whole specs', () => {
  const older: Partial<AppSpec> = testSpec({ name: 'old' });
  delete older.treekill;
  delete older.kill_timeout;
  const upgraded = checkShape(storedSpecSchema, older, 'E_STATE_CORRUPT', 'state.json');
  assert.equal(upgraded.treekill, specFields.treekill.default);
  assert.equal(upgraded.kill_timeout, specFields.kill_timeout.default);
  assert.deepEqual(
    problemsOf(older)
      .map((problem) => problem.path)
      .sort(),
    ['kill_timeout', 'treekill'],
  );
});
