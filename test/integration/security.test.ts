// Security: TEND_HOME 0700 and the socket 0600, another user cannot talk to the daemon (as root, with a
// user the test creates); secret env values never reach plan output, show/describe, the daemon's log
// or error messages (`env <id>` shows them, as PM2 does, on purpose); bad CLI arguments give a coded
// error, exit 1 and never a stack trace.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tendBin, type CliResult } from '../support/cli.js';
import { makeHome, waitFor, type TestHome } from '../support/daemon.js';

const fixtures = join(repoRoot, 'test/fixtures/reliability');
const otherUser = 'tendtest';

function assertCoded(result: CliResult, what: string, options: { internalAllowed?: boolean } = {}): void {
  assert.equal(result.code, 1, `${what}: exit ${result.code}\n${result.stdout}${result.stderr}`);
  assert.match(result.stderr, /^error E_[A-Z_]+: .+$/m, `${what}: no coded error in:\n${result.stderr}`);
  assert.match(result.stderr, /^hint: .+$/m, `${what}: no hint`);
  assert.doesNotMatch(result.stderr, /\n\s+at .+:\d+:\d+/, `${what}: stack trace`);
  if (!options.internalAllowed) assert.doesNotMatch(result.stderr, /E_INTERNAL/, `${what}: an internal error`);
}

/** The uid/gid of the unprivileged test user, created when missing; null when not root. */
function unprivilegedUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  if (spawnSync('id', ['-u', otherUser]).status !== 0) {
    const created = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', otherUser], { encoding: 'utf8' });
    if (created.status !== 0) return null;
  }
  const uid = Number(spawnSync('id', ['-u', otherUser], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', otherUser], { encoding: 'utf8' }).stdout.trim());
  return Number.isInteger(uid) && uid > 0 ? { uid, gid } : null;
}

/** Runs node as another user; resolves with its exit code and output. */
function runAs(user: { uid: number; gid: number }, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      uid: user.uid,
      gid: user.gid,
      cwd: '/',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** A node one-liner that connects to `socket`, sends a list request and prints what happened. */
const probe = (socket: string): string[] => [
  '-e',
  `const s = require('node:net').connect(${JSON.stringify(socket)}, () => s.write('{"id":1,"method":"list","params":{}}\\n'));
   s.on('data', (d) => { console.log('ANSWERED ' + d); process.exit(0); });
   s.on('error', (e) => { console.log('REFUSED ' + e.code); process.exit(3); });`,
];

describe('file permissions and other users', () => {
  let t: TestHome;
  before(async () => {
    t = makeHome('tend-sec-perm-');
    const ping = await t.tend(['ping']);
    assert.equal(ping.code, 0, ping.stderr);
  });
  after(async () => {
    await t.cleanup();
  });

  test('TEND_HOME is 0700, the socket 0600, state and logs are private', () => {
    assert.equal(statSync(t.home).mode & 0o777, 0o700);
    assert.equal(statSync(join(t.home, 'rpc.sock')).mode & 0o777, 0o600);
    for (const file of ['state.json', 'state.json.bak', 'state.journal', 'state.journal.bak']) {
      if (existsSync(join(t.home, file))) assert.equal(statSync(join(t.home, file)).mode & 0o077, 0, `${file} not readable by others`);
    }
  });

  test('a second, unprivileged user cannot talk to the daemon', async (t2) => {
    const user = unprivilegedUser();
    if (!user) {
      t2.skip('not root (or useradd failed): the other-user case needs root to create and switch to a user');
      return;
    }
    const socket = join(t.home, 'rpc.sock');
    // Through the real home: the 0700 directory stops the user before the socket.
    const blocked = await runAs(user, probe(socket));
    assert.match(blocked.stdout, /^REFUSED EACCES/, `${blocked.stdout}${blocked.stderr}`);
    // The socket's own 0600 holds even when the directories above it are opened up.
    chmodSync(t.dir, 0o755);
    chmodSync(t.home, 0o755);
    try {
      const direct = await runAs(user, probe(socket));
      assert.match(direct.stdout, /^REFUSED EACCES/, `${direct.stdout}${direct.stderr}`);
    } finally {
      chmodSync(t.home, 0o700);
      chmodSync(t.dir, 0o700);
    }
    // The real CLI as that user, aimed at this TEND_HOME: a coded refusal, and no daemon of its own there.
    const cli = await runAs(user, [tendBin, 'ls'], { TEND_HOME: t.home });
    assertCoded(cli, 'tend ls as another user', { internalAllowed: true });
    assert.equal(statSync(t.home).uid, 0, 'the home still belongs to its owner');
    t2.diagnostic(`user ${otherUser} (uid ${user.uid}): socket refused with EACCES through the home and directly; CLI: ${cli.stderr.split('\n')[0]}`);
  });

  test('the refusal names the cause instead of E_INTERNAL', async (t2) => {
    const user = unprivilegedUser();
    if (!user) {
      t2.skip('not root');
      return;
    }
    assertCoded(await runAs(user, [tendBin, 'ls'], { TEND_HOME: t.home }), 'tend ls as another user');
  });
});

describe('secret env values', () => {
  let t: TestHome;
  let file: string;
  const secrets = ['tok-S3CRET-value-1', 'pw-S3CRET-value-2', 'key-S3CRET-value-3', 'tok-S3CRET-value-4'];
  const write = (token: string): void =>
    writeFileSync(
      file,
      `apps:\n  - name: vault\n    script: ${join(fixtures, 'idle.sh')}\n    env:\n      NODE_ENV: production\n      API_TOKEN: ${token}\n      DB_PASSWORD: ${secrets[1]}\n      STRIPE_SECRET_KEY: ${secrets[2]}\n`,
    );
  const leaks = (text: string): string[] => secrets.filter((secret) => text.includes(secret));

  before(() => {
    t = makeHome('tend-sec-env-');
    file = join(t.dir, 'ecosystem.yaml');
  });
  after(async () => {
    await t.cleanup();
  });

  test('plan (human and JSON), apply, a secret change, show/describe, the daemon log: no secret value', async () => {
    write(secrets[0] ?? '');
    const outputs: Array<[string, CliResult]> = [];
    const run = async (args: string[]): Promise<CliResult> => {
      const result = await t.tend(args);
      outputs.push([args.join(' '), result]);
      return result;
    };
    const plan = await run(['plan', file]);
    assert.match(plan.stdout, /\(sensitive\)|create vault/);
    await run(['plan', file, '--json']);
    const applied = await run(['apply', file, '--yes']);
    assert.equal(applied.code, 0, applied.stderr);
    await waitFor('online', async () => (await t.jlist()).some((r) => r.pm2_env.status === 'online'));
    write(secrets[3] ?? '');
    const changed = await run(['plan', file]);
    assert.match(changed.stdout, /API_TOKEN/);
    assert.match(changed.stdout, /\(sensitive\)/);
    await run(['plan', file, '--json']);
    await run(['apply', file, '--yes']);
    await run(['show', 'vault']);
    await run(['describe', 'vault']);
    await run(['history', 'vault']);
    await run(['ls']);
    for (const [command, result] of outputs)
      assert.deepEqual(leaks(result.stdout + result.stderr), [], `tend ${command} shows a secret:\n${result.stdout}${result.stderr}`);
    assert.deepEqual(leaks(readFileSync(join(t.home, 'tend.log'), 'utf8')), [], 'tend.log holds a secret');
    // `env <id>` shows them, on purpose (as `pm2 env`).
    const id = (await t.jlist())[0]?.pm_id;
    const env = await t.tend(['env', String(id)]);
    assert.equal(env.code, 0, env.stderr);
    assert.ok(env.stdout.includes(secrets[3] ?? '?'), 'env <id> shows the values');
  });

  test('error messages do not echo secret values', async () => {
    const bad = join(t.dir, 'bad.yaml');
    writeFileSync(
      bad,
      `apps:\n  - name: vault2\n    script: ${join(fixtures, 'idle.sh')}\n    env:\n      API_TOKEN: { nested: ${secrets[0]} }\n      DB_PASSWORD: [${secrets[1]}]\n    instances: lots\n`,
    );
    for (const args of [
      ['plan', bad],
      ['apply', bad, '--yes'],
      ['validate', bad],
      ['start', bad],
      ['plan', bad, '--json'],
    ]) {
      const result = await t.tend(args);
      assert.equal(result.code, 1, `tend ${args.join(' ')}: ${result.stdout}${result.stderr}`);
      assert.deepEqual(leaks(result.stdout + result.stderr), [], `tend ${args.join(' ')} echoes a secret:\n${result.stdout}${result.stderr}`);
    }
    assert.deepEqual(leaks(readFileSync(join(t.home, 'tend.log'), 'utf8')), [], 'tend.log holds a secret');
  });
});

/** POSTs `body` and resolves with the status code (0 when the server cut the connection first). */
function post(url: string, body: Buffer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

describe('webhook', () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-sec-hook-');
  });
  after(async () => {
    await t.cleanup();
  });

  test('no sync without a valid signature; bodies over 1 MiB refused', async (t2) => {
    const secret = 'webhook secret for the test';
    const secretFile = join(t.dir, 'webhook.secret');
    writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
    const served = await t.tend(['sync', 'webhook', '--port', '0', '--secret-file', secretFile]);
    assert.equal(served.code, 0, served.stdout + served.stderr);
    const base = /POST (http:\/\/127\.0\.0\.1:\d+)\/sync\/<name>/.exec(served.stdout)?.[1];
    assert.ok(base, served.stdout);
    const body = Buffer.from('{"ref":"refs/heads/main"}');
    const good = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const forged: Array<[string, Record<string, string>]> = [
      ['no signature', {}],
      ['empty', { 'x-hub-signature-256': '' }],
      ['other secret', { 'x-hub-signature-256': `sha256=${createHmac('sha256', 'guess').update(body).digest('hex')}` }],
      ['one hex digit short', { 'x-hub-signature-256': good.slice(0, -1) }],
      ['one digit flipped', { 'x-hub-signature-256': `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}` }],
      ['twice as long', { 'x-hub-signature-256': `${good}${good.slice(7)}` }],
      ['not hex', { 'x-tend-signature': `sha256=${'z'.repeat(64)}` }],
      ['sha1', { 'x-hub-signature': `sha1=${createHmac('sha1', secret).update(body).digest('hex')}` }],
    ];
    for (const [what, headers] of forged) assert.equal(await post(`${base}/sync/any`, body, headers), 401, what);
    // A valid signature for a source that does not exist: 404, not a sync.
    assert.equal(await post(`${base}/sync/nosuchsource`, body, { 'x-hub-signature-256': good }), 404);
    const big = Buffer.alloc(2 * 1024 * 1024, 0x20);
    const bigSigned = `sha256=${createHmac('sha256', secret).update(big).digest('hex')}`;
    const status = await post(`${base}/sync/any`, big, { 'x-hub-signature-256': bigSigned });
    assert.ok(status === 413 || status === 0, `2 MiB body: ${status}`);
    const ping = await t.tend(['ping']);
    assert.equal(ping.code, 0, 'the daemon still serves');
    t2.diagnostic(`webhook: ${forged.length} forged signatures → 401, unknown source → 404, 2 MiB body → ${status === 0 ? 'connection cut' : status}`);
  });
});

describe('bad CLI arguments', () => {
  let t: TestHome;
  before(async () => {
    t = makeHome('tend-sec-cli-');
    const started = await t.tend(['start', join(fixtures, 'idle.sh'), '--name', 'web']);
    assert.equal(started.code, 0, started.stderr);
  });
  after(async () => {
    await t.cleanup();
  });

  const script = join(fixtures, 'idle.sh');
  const cases: string[][] = [
    ['frobnicate'],
    ['--bogus'],
    ['ls', '--bogus'],
    ['jlist', 'extra', 'words', '--nope'],
    ['start'],
    ['start', script, '--instances', 'abc'],
    ['start', script, '-i', '1.5'],
    ['start', script, '--kill-timeout', 'soon'],
    ['start', script, '--max-memory-restart', 'lots'],
    ['start', script, '--name', 'has space'],
    ['start', script, '--cron-restart', 'every day'],
    ['start', join(fixtures, 'missing.js')],
    ['stop'],
    ['stop', 'nosuchapp'],
    ['delete', '99999'],
    ['restart', '/[unclosed/'],
    ['scale'],
    ['scale', 'web'],
    ['scale', 'web', 'many'],
    ['scale', 'nosuchapp', '2'],
    ['sendSignal', 'SIGNOPE', 'web'],
    ['sendSignal'],
    ['logs', 'web', '--lines', 'ten'],
    ['plan', '/nonexistent/ecosystem.yaml'],
    ['apply', join(fixtures, 'idle.sh')],
    ['rollback', 'web', '--revision', 'x'],
    ['history'],
    ['env'],
    ['env', 'notanid'],
    ['reload', 'all', '--parallel', 'zero'],
    ['apply', join(fixtures, 'one-app.yaml'), '--parallel', '-2'],
    ['set'],
  ];
  for (const args of cases) {
    test(`tend ${args.join(' ')} → coded error, exit 1, no stack`, async () => {
      assertCoded(await t.tend(args), `tend ${args.join(' ')}`);
    });
  }
});
