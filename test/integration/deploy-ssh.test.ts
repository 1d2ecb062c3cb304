// The SSH driver against a real sshd: host key verification, key auth, connect errors, and argv
// quoting that survives the remote shell byte for byte.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SshConnection, type SshTarget } from '../../src/adapters/ssh/connection.js';
import { fixedScript, inDir, loginShell, withEnv } from '../../src/adapters/ssh/quote.js';
import { TendError } from '../../src/errors/index.js';
import { whyMissing } from '../support/tools.js';
import { freePort, generateKey, startSshd, type Sshd, type SshKeyPair } from '../support/sshd.js';

/** These tests need a real sshd; without one they are skipped with this reason. */
const noSshd = whyMissing('sshd');

let dir: string;
let sshd: Sshd;
let userKey: SshKeyPair;
let knownHosts: string;

function target(overrides: Partial<SshTarget> = {}): SshTarget {
  return { host: '127.0.0.1', port: sshd.port, user: 'root', identityFiles: [userKey.file], knownHostsFiles: [knownHosts], ...overrides };
}

async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<TendError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TendError, `expected a TendError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}`);
}

before(async () => {
  if (noSshd) return;
  dir = mkdtempSync(path.join(os.tmpdir(), 'tend-ssh-'));
  userKey = generateKey(dir, 'user_key');
  sshd = await startSshd({ dir, authorizedKeys: [userKey.publicKey] });
  knownHosts = path.join(dir, 'known_hosts');
  writeFileSync(knownHosts, `${sshd.knownHostsLine}\n`);
});

after(async () => {
  if (noSshd) return;
  try {
    await sshd.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('connects with a key and a known host key, and runs argv exactly', { skip: noSshd }, async () => {
  const connection = await SshConnection.open(target());
  try {
    const marker = path.join(dir, 'pwned');
    const tricky = [`it's "quoted"`, `$(touch ${marker})`, '`touch ' + marker + '`', 'a b\tc', '; rm -rf /', '*', '', 'new\nline', "'"];
    const printed = await connection.run(['printf', '%s\\0', ...tricky]);
    assert.equal(printed.code, 0, printed.stderr);
    assert.deepEqual(printed.stdout.split('\0').slice(0, -1), tricky);
    assert.equal(existsSync(marker), false);

    const spaced = path.join(dir, `dir with 'quotes' $(touch ${marker})`);
    const made = await connection.run(['mkdir', '-p', spaced]);
    assert.equal(made.code, 0, made.stderr);
    const where = await connection.run(inDir(spaced, withEnv({ GREETING: 'hi $(no)' }, ['sh', '-c', 'pwd; printf %s "$GREETING"'])));
    assert.equal(where.stdout, `${spaced}\nhi $(no)`);

    const hook = await connection.run(loginShell(`printf '%s|%s' "$(echo inner)" '$(echo literal)'`));
    assert.equal(hook.stdout, 'inner|$(echo literal)');

    const script = await connection.run(fixedScript('printf %s "$2" > "$1"', [path.join(spaced, 'f'), 'x']), {});
    assert.equal(script.code, 0);
    const lines: string[] = [];
    const failing = await connection.run(['sh', '-c', 'echo one; echo two >&2; exit 7'], { onLine: (stream, line) => lines.push(`${stream}:${line}`) });
    assert.equal(failing.code, 7);
    assert.deepEqual(lines.sort(), ['stderr:two', 'stdout:one']);
    const stdin = await connection.run(['cat'], { stdin: 'from stdin' });
    assert.equal(stdin.stdout, 'from stdin');
    assert.equal(existsSync(marker), false);
  } finally {
    connection.close();
  }
});

test('a host key that differs from known_hosts is refused with E_SSH_HOSTKEY', { skip: noSshd }, async () => {
  const other = generateKey(dir, 'other_host');
  const wrong = path.join(dir, 'known_hosts_wrong');
  writeFileSync(wrong, `[127.0.0.1]:${sshd.port} ${other.publicKey}\n`);
  const error = await rejectsWithCode(SshConnection.open(target({ knownHostsFiles: [wrong] })), 'E_SSH_HOSTKEY');
  assert.match(error.message, /SHA256:/);
});

test('an unknown host is refused unless StrictHostKeyChecking says otherwise', { skip: noSshd }, async () => {
  const empty = path.join(dir, 'known_hosts_empty');
  writeFileSync(empty, '');
  await rejectsWithCode(SshConnection.open(target({ knownHostsFiles: [empty] })), 'E_SSH_HOSTKEY_UNKNOWN');
  const accepted = await SshConnection.open(target({ knownHostsFiles: [empty], hostKeyPolicy: 'accept-new' }));
  accepted.close();
  // accept-new recorded the key, so the next strict connection passes.
  const strict = await SshConnection.open(target({ knownHostsFiles: [empty] }));
  strict.close();
});

test('a key the server does not authorize gives E_SSH_AUTH', { skip: noSshd }, async () => {
  const stranger = generateKey(dir, 'stranger_key');
  await rejectsWithCode(SshConnection.open(target({ identityFiles: [stranger.file] })), 'E_SSH_AUTH');
});

test('nothing listening gives E_SSH_CONNECT', { skip: noSshd }, async () => {
  const port = await freePort();
  await rejectsWithCode(SshConnection.open(target({ port })), 'E_SSH_CONNECT');
});
