import { test } from 'node:test';
import assert from 'node:assert/strict';
import { specFields } from '../../../src/ecosystem/catalog.js';
import type { SpecField } from '../../../src/ecosystem/catalog.js';
import { defaultsFromEnv } from '../../../src/ecosystem/env-defaults.js';

test('PM2_* and TEND_* default variables: the fields and parsers declared in the catalog', () => {
  assert.deepEqual(defaultsFromEnv({ PM2_KILL_TIMEOUT: '300', PM2_GRACEFUL_LISTEN_TIMEOUT: '2s', PM2_KILL_USE_MESSAGE: 'true', PM2_KILL_SIGNAL: 'SIGTERM' }), {
    kill_timeout: 300,
    listen_timeout: 2000,
    shutdown_with_message: true,
    kill_signal: 'SIGTERM',
  });
  assert.deepEqual(defaultsFromEnv({ TEND_KILL_TIMEOUT: '5s', PM2_KILL_TIMEOUT: '300', PM2_KILL_USE_MESSAGE: '1' }), {
    kill_timeout: 5000,
    shutdown_with_message: true,
  });
  assert.deepEqual(defaultsFromEnv({ TEND_KILL_TIMEOUT: '', PM2_KILL_TIMEOUT: '300' }), { kill_timeout: 300 }, 'an empty variable counts as unset');
});

test('a default variable the field refuses is ignored', () => {
  assert.deepEqual(defaultsFromEnv({ PM2_KILL_TIMEOUT: 'soon', PM2_KILL_SIGNAL: 'TERM', PM2_KILL_USE_MESSAGE: 'yes', PM2_GRACEFUL_LISTEN_TIMEOUT: '-1' }), {});
});

test('every variable declared on a catalog field sets that field, and nothing else sets defaults', () => {
  const declared = (Object.values(specFields) as SpecField[]).filter((field) => field.envDefault !== undefined);
  assert.ok(declared.length > 0);
  for (const field of declared) {
    for (const variable of field.envDefault?.variables ?? []) {
      const sample = typeof field.default === 'boolean' ? 'true' : field.name === 'kill_signal' ? 'SIGUSR2' : '1234';
      assert.deepEqual(Object.keys(defaultsFromEnv({ [variable]: sample })), [field.name], variable);
    }
  }
  assert.deepEqual(defaultsFromEnv({ PM2_MAX_RESTARTS: '3', TEND_INSTANCES: '4' }), {});
});
