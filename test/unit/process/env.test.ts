import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildEnv, type EnvInput } from '../../../src/daemon/process/env.js';
import { makeSpec } from '../../support/make-spec.js';

const logs = { out: '/h/logs/web-out-4.log', err: '/h/logs/web-error-4.log', combined: null };
const input = (overrides: Partial<EnvInput> = {}): EnvInput => ({
  spec: makeSpec('web', 'app.js'),
  baseEnv: {},
  pm_id: 4,
  index: 1,
  home: '/h',
  logs,
  ...overrides,
});

test('injected fields as PM2 names them', () => {
  const env = buildEnv(input({ spec: makeSpec('web', 'app.js', { instances: 2, exec_mode: 'cluster', namespace: 'ns' }) }));
  assert.deepEqual(
    {
      pm_id: env.pm_id,
      name: env.name,
      namespace: env.namespace,
      exec_mode: env.exec_mode,
      instances: env.instances,
      NODE_APP_INSTANCE: env.NODE_APP_INSTANCE,
      TEND_HOME: env.TEND_HOME,
      out: env.pm_out_log_path,
      err: env.pm_err_log_path,
    },
    {
      pm_id: '4',
      name: 'web',
      namespace: 'ns',
      exec_mode: 'cluster_mode',
      instances: '2',
      NODE_APP_INSTANCE: '1',
      TEND_HOME: '/h',
      out: logs.out,
      err: logs.err,
    },
  );
});

test('the app env cannot overwrite injected fields; it does overwrite the caller env', () => {
  const spec = makeSpec('web', 'app.js', { env: { pm_id: '0', name: 'x', TEND_HOME: '/x', A: 'app' } });
  const env = buildEnv(input({ spec, baseEnv: { A: 'caller', B: 'caller' } }));
  assert.deepEqual([env.pm_id, env.name, env.TEND_HOME, env.A, env.B], ['4', 'web', '/h', 'app', 'caller']);
});

test('filter_env: true drops the caller env, a list drops names containing an entry', () => {
  const baseEnv = { AWS_SECRET: 's', MY_TOKEN_X: 't', KEEP: 'k' };
  assert.equal(buildEnv(input({ spec: makeSpec('web', 'app.js', { filter_env: true }), baseEnv })).KEEP, undefined);
  const env = buildEnv(input({ spec: makeSpec('web', 'app.js', { filter_env: ['SECRET', 'TOKEN'] }), baseEnv }));
  assert.deepEqual([env.AWS_SECRET, env.MY_TOKEN_X, env.KEEP], [undefined, undefined, 'k']);
});

test("Node's channel variables of the caller never reach the app", () => {
  const env = buildEnv(input({ baseEnv: { NODE_CHANNEL_FD: '3', NODE_UNIQUE_ID: '1', NODE_CHANNEL_SERIALIZATION_MODE: 'json' } }));
  assert.deepEqual([env.NODE_CHANNEL_FD, env.NODE_UNIQUE_ID, env.NODE_CHANNEL_SERIALIZATION_MODE], [undefined, undefined, undefined]);
});

test('instance_var renames NODE_APP_INSTANCE; increment_var counts from its env value (default 0)', () => {
  const renamed = buildEnv(input({ spec: makeSpec('web', 'app.js', { instance_var: 'WORKER' }) }));
  assert.equal(renamed.WORKER, '1');
  assert.equal(renamed.NODE_APP_INSTANCE, undefined);
  assert.equal(buildEnv(input({ spec: makeSpec('web', 'app.js', { increment_var: 'PORT', env: { PORT: '3000' } }) })).PORT, '3001');
  assert.equal(buildEnv(input({ spec: makeSpec('web', 'app.js', { increment_var: 'PORT' }), baseEnv: { PORT: '8000' } })).PORT, '8001');
  assert.equal(buildEnv(input({ spec: makeSpec('web', 'app.js', { increment_var: 'SLOT' }) })).SLOT, '1');
});

test('python gets PYTHONUNBUFFERED; a uid user gets its HOME and USER', () => {
  assert.equal(buildEnv(input({ spec: makeSpec('py', 'a.py', { interpreter: '/usr/bin/python3.12' }) })).PYTHONUNBUFFERED, '1');
  assert.equal(buildEnv(input()).PYTHONUNBUFFERED, undefined);
  const env = buildEnv(input({ baseEnv: { HOME: '/root' }, user: { name: 'app', home: '/home/app' } }));
  assert.deepEqual([env.HOME, env.USER, env.LOGNAME], ['/home/app', 'app', 'app']);
});
