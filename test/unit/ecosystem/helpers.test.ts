// specHash, secret redaction and the spawned command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, specHash } from '../../../src/ecosystem/hash.js';
import { isSecretKey, redactEnv } from '../../../src/ecosystem/redact.js';
import { commandLine } from '../../../src/ecosystem/command-line.js';

test('specHash is stable across key order at every depth and changes with any value', () => {
  const a = { name: 'web', env: { A: '1', B: '2' }, args: ['x', 'y'] };
  const b = { args: ['x', 'y'], env: { B: '2', A: '1' }, name: 'web' };
  assert.equal(specHash(a), specHash(b));
  assert.match(specHash(a), /^[0-9a-f]{64}$/);
  assert.notEqual(specHash(a), specHash({ ...a, args: ['y', 'x'] }));
  assert.notEqual(specHash(a), specHash({ ...a, env: { A: '1', B: '3' } }));
  assert.equal(canonicalJson({ b: 1, a: [null, { d: 1, c: undefined }] }), '{"a":[null,{"d":1}],"b":1}');
});

test('secret-looking env keys are redacted (case-insensitive substring; list configurable)', () => {
  for (const key of ['API_SECRET', 'github_token', 'DB_PASSWORD', 'SSH_PASSPHRASE', 'STRIPE_KEY', 'apiKey']) assert.ok(isSecretKey(key), key);
  for (const key of ['NODE_ENV', 'PORT', 'HOST']) assert.ok(!isSecretKey(key), key);
  assert.deepEqual(redactEnv({ PORT: '3000', DB_PASSWORD: 'hunter2' }), { PORT: '3000', DB_PASSWORD: '(sensitive)' });
  assert.deepEqual(redactEnv({ DSN: 'x', TOKEN: 'y' }, ['DSN']), { DSN: '(sensitive)', TOKEN: 'y' });
});

test('commandLine: interpreter + interpreter_args + script + args; none runs the script; spaces run a shell', () => {
  assert.deepEqual(commandLine({ script: '/srv/app.js', args: ['--port', '3'], interpreter: 'node', interpreter_args: ['--inspect'] }), {
    file: 'node',
    args: ['--inspect', '/srv/app.js', '--port', '3'],
    shell: false,
  });
  assert.deepEqual(commandLine({ script: '/srv/bin/server', args: ['-v'], interpreter: 'none', interpreter_args: [] }), {
    file: '/srv/bin/server',
    args: ['-v'],
    shell: false,
  });
  assert.deepEqual(commandLine({ script: 'npm run start', args: [], interpreter: 'none', interpreter_args: [] }), {
    file: 'bash',
    args: ['-c', 'npm run start'],
    shell: true,
  });
  assert.deepEqual(commandLine({ script: 'echo', args: [], interpreter: 'none', interpreter_args: [] }), { file: 'echo', args: [], shell: false });
  assert.deepEqual(commandLine({ script: 'echo hi', args: ['two words'], interpreter: 'none', interpreter_args: [] }), {
    file: 'bash',
    args: ['-c', "echo hi 'two words'"],
    shell: true,
  });
  assert.deepEqual(commandLine({ script: '/opt/my app/server.js', args: [], interpreter: 'node', interpreter_args: [] }).args, ['/opt/my app/server.js']);
});
