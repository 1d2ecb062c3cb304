import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/cli.js';

test('tend --version prints the package version', async () => {
  const result = await runCli(['--version']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^\d+\.\d+\.\d+/);
});

test('an unknown command suggests the closest one and exits 1', async () => {
  const result = await runCli(['valdate']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /error E_UNKNOWN_COMMAND: unknown command 'valdate'/);
  assert.match(result.stderr, /hint: did you mean `tend validate`/);
});

test('tend help lists commands and tend help <command> shows its usage', async () => {
  const all = await runCli(['help']);
  assert.equal(all.code, 0);
  assert.match(all.stdout, /validate/);
  const one = await runCli(['help', 'validate']);
  assert.equal(one.code, 0);
  assert.match(one.stdout, /Usage: tend validate/);
});
