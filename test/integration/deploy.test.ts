// issue 8's "done when": a real sshd on two ports (two hosts), a git repository with a tiny HTTP app
// and an ecosystem file, and the whole flow through the real CLI: setup → deploy → deploy of a
// second commit → list/curr/prev → revert 1 → exec; a failing post-deploy that rolls back; the lock;
// hostile strings in path, ref and hooks; SSH errors. tend itself runs the app on each "server".
// Each sshd gives its sessions their own HOME, so the two hosts have separate deploy paths (`~/…`)
// and separate tend daemons (TEND_HOME defaults to ~/.tend there); the test kills both at the end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { runCli, tendBin, type CliResult } from '../support/cli.js';
import { whyMissing } from '../support/tools.js';
import { freePort, generateKey, startSshd, type Sshd } from '../support/sshd.js';

/** These tests need a real sshd; without one they are skipped with this reason. */
const noSshd = whyMissing('sshd');

interface Host {
  sshd: Sshd;
  appPort: number;
  /** The deploy path on this host (its HOME + the configured ~/ path). */
  base: string;
}

let root: string;
let work: string;
let hosts: Host[] = [];
const pwned = () => path.join(root, 'pwned');
const deployPath = () => `~/srv/it's "my" app $(touch ${pwned()})`;

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' }).trim();
}

function tend(args: string[], timeoutMs = 60_000): Promise<CliResult> {
  return runCli(['deploy', ...args], { cwd: work, timeoutMs });
}

function assertOk(result: CliResult): void {
  assert.equal(result.code, 0, `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
}

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 2000 }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
    });
    request.on('error', reject);
    request.on('timeout', () => request.destroy(new Error('timeout')));
  });
}

/** Waits until every host's app answers `expected` (a reload may take a moment to land). */
async function expectServing(expected: string, deadlineMs = 15_000): Promise<void> {
  for (const host of hosts) {
    const deadline = Date.now() + deadlineMs;
    let last = '';
    while (Date.now() < deadline) {
      last = await get(host.appPort).catch((error: Error) => `(${error.message})`);
      if (last === expected) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(last, expected, `host :${host.sshd.port} serves ${last}`);
  }
}

function currentRelease(host: Host): string {
  return readlinkSync(path.join(host.base, 'current'));
}

function releaseDirs(host: Host): string[] {
  return readdirSync(path.join(host.base, 'releases')).sort();
}

function commitVersion(version: string, prepare: string): string {
  writeFileSync(path.join(work, 'VERSION'), `${version}\n`);
  writeFileSync(path.join(work, 'prepare.js'), prepare);
  git(work, 'add', '-A');
  git(work, 'commit', '-q', '-m', version);
  git(work, 'push', '-q');
  return git(work, 'rev-parse', 'HEAD');
}

const serverJs = `const http = require('node:http');
const fs = require('node:fs');
const port = Number(fs.readFileSync(__dirname + '/config/port', 'utf8'));
const version = fs.readFileSync(__dirname + '/VERSION', 'utf8').trim();
http.createServer((req, res) => res.end(version)).listen(port, '127.0.0.1');
`;

before(async () => {
  if (noSshd) return;
  root = mkdtempSync(path.join(os.tmpdir(), 'tend-deploy-'));
  const userKey = generateKey(root, 'user_key');
  for (const name of ['a', 'b']) {
    const dir = path.join(root, `sshd-${name}`);
    mkdirSync(dir);
    const sshd = await startSshd({ dir, authorizedKeys: [userKey.publicKey] });
    hosts.push({ sshd, appPort: await freePort(), base: path.join(sshd.home, 'srv', `it's "my" app $(touch ${pwned()})`) });
  }
  const knownHosts = path.join(root, 'known_hosts');
  writeFileSync(knownHosts, hosts.map((host) => host.sshd.knownHostsLine).join('\n') + '\n');
  const wrongKnownHosts = path.join(root, 'known_hosts_wrong');
  const impostor = generateKey(root, 'impostor_host');
  writeFileSync(wrongKnownHosts, hosts.map((host) => `[127.0.0.1]:${host.sshd.port} ${impostor.publicKey}`).join('\n') + '\n');
  const stranger = generateKey(root, 'stranger_key');
  const closedPort = await freePort();

  const origin = path.join(root, 'origin.git');
  git(root, 'init', '-q', '--bare', '-b', 'main', origin);
  work = path.join(root, 'work');
  git(root, 'clone', '-q', origin, work);
  git(work, 'checkout', '-q', '-b', 'main');
  const production = {
    user: 'root',
    host: hosts.map((host) => `127.0.0.1:${host.sshd.port}`),
    key: userKey.file,
    ssh_options: [`UserKnownHostsFile=${knownHosts}`],
    repo: origin,
    ref: 'origin/main',
    path: deployPath(),
    shared: ['config'],
    keep_releases: 2,
    env: { GREETING: `hello "there" $(touch ${pwned()})` },
    'post-deploy': `node prepare.js && node ${tendBin} startOrReload "$TEND_DEPLOY_PATH/current/ecosystem.config.js" --env production`,
  };
  const ecosystem = {
    // interpreter is explicit: the spec infers none for a script path with spaces (reported to the spec owner).
    apps: [{ name: 'web', script: 'server.js', interpreter: 'node' }],
    deploy: {
      production,
      wronghostkey: { ...production, ssh_options: [`UserKnownHostsFile=${wrongKnownHosts}`] },
      wronguserkey: { ...production, key: stranger.file },
      nothinglistens: { ...production, host: `127.0.0.1:${closedPort}` },
      incomplete: { host: 'example.com', path: 'relative/path', keep_releases: 0, post_deploy: 'x' },
    },
  };
  writeFileSync(path.join(work, 'ecosystem.config.js'), `module.exports = ${JSON.stringify(ecosystem, null, 2)};\n`);
  writeFileSync(path.join(work, 'server.js'), serverJs);
  commitVersion('v1', "console.log('prepared');\n");
  git(work, 'push', '-q', '-u', 'origin', 'main');
});

after(async () => {
  if (noSshd) return;
  for (const host of hosts) {
    // Stop the tend daemon the deploys started on this "server" (its TEND_HOME is under the host's HOME).
    await runCli(['kill'], { home: path.join(host.sshd.home, '.tend'), timeoutMs: 20_000 }).catch(() => undefined);
    await host.sshd.stop();
  }
  hosts = [];
  rmSync(root, { recursive: true, force: true });
});

test('setup, deploy, redeploy, list/curr/prev, revert, exec, failed deploy rollback, lock, cleanup', { skip: noSshd }, async (t) => {
  const sha1 = git(work, 'rev-parse', 'HEAD');

  await t.test('setup builds the layout on every host', async () => {
    const result = await tend(['production', 'setup']);
    assertOk(result);
    for (const host of hosts) {
      for (const dir of ['releases', 'shared', '.tend', 'repo']) assert.ok(existsSync(path.join(host.base, dir)), `${dir} on :${host.sshd.port}`);
      mkdirSync(path.join(host.base, 'shared', 'config'), { recursive: true });
      writeFileSync(path.join(host.base, 'shared', 'config', 'port'), String(host.appPort));
    }
    assert.match(result.stdout, /✓ clone/);
  });

  await t.test('deploy exports a release, switches current and tend serves it', async () => {
    const result = await tend(['production']);
    assertOk(result);
    for (const host of hosts) {
      const dirs = releaseDirs(host);
      assert.equal(dirs.length, 1);
      assert.match(dirs[0] ?? '', new RegExp(`^\\d{8}T\\d{6}\\.\\d{3}Z-${sha1.slice(0, 7)}$`));
      assert.equal(currentRelease(host), `releases/${dirs[0]}`);
      assert.equal(readFileSync(path.join(host.base, 'current', 'REVISION'), 'utf8').trim(), sha1);
      assert.equal(readlinkSync(path.join(host.base, 'current', 'config')), path.join(host.base, 'shared', 'config'));
    }
    await expectServing('v1');
    // One progress line per step per host, with elapsed time; hook output prefixed by host.
    assert.match(result.stdout, /127\.0\.0\.1:\d+ ✓ post-deploy +\d+\.\d+s/);
    assert.match(result.stdout, /127\.0\.0\.1:\d+ \| prepared/);
    assert.match(result.stdout, /deploy: 2 of 2 hosts ok/);
  });

  const sha2 = commitVersion('v2', "console.log('prepared');\n");
  let first = '';
  await t.test('a second commit becomes a second release', async () => {
    first = currentRelease(hosts[0]!);
    assertOk(await tend(['production', 'update']));
    for (const host of hosts) {
      assert.equal(releaseDirs(host).length, 2);
      assert.match(currentRelease(host), new RegExp(`-${sha2.slice(0, 7)}$`));
    }
    await expectServing('v2');
  });

  await t.test('list, curr and prev read the record', async () => {
    const list = await tend(['production', 'list']);
    assertOk(list);
    assert.match(list.stdout, new RegExp(`→ \\S+-${sha2.slice(0, 7)} +good`));
    const curr = JSON.parse((await tend(['production', 'curr', '--json'])).stdout) as { host: string; sha: string; status: string }[];
    assert.deepEqual(
      curr.map((entry) => [entry.sha, entry.status]),
      [
        [sha2, 'good'],
        [sha2, 'good'],
      ],
    );
    const prev = JSON.parse((await tend(['production', 'prev', '--json'])).stdout) as { release: string; sha: string }[];
    assert.deepEqual(
      prev.map((entry) => entry.sha),
      [sha1, sha1],
    );
    assert.equal(`releases/${prev[0]?.release}`, first);
  });

  await t.test('revert 1 switches back to the first release and tend serves it', async () => {
    const result = await tend(['production', 'revert', '1']);
    assertOk(result);
    for (const host of hosts) assert.equal(currentRelease(host), first);
    await expectServing('v1');
  });

  await t.test('exec runs in current on every host with the env exported, never re-parsed', async () => {
    const result = await tend(['production', 'exec', 'printf "%s" "$GREETING" > greeting.txt && cat REVISION']);
    assertOk(result);
    for (const host of hosts) {
      assert.equal(readFileSync(path.join(host.base, 'current', 'greeting.txt'), 'utf8'), `hello "there" $(touch ${pwned()})`);
    }
    assert.equal(result.stdout.split('\n').filter((line) => line.includes(`| ${sha1}`)).length, 2);
  });

  const sha3 = commitVersion('v3', "console.error('prepare: migration failed'); process.exit(3);\n");
  await t.test('a failing post-deploy rolls back to the release that was serving', async () => {
    const result = await tend(['production']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /error E_DEPLOY_HOOK: deploy failed on 2 of 2 hosts: .*post-deploy exited with 3.*rolled back to/);
    assert.match(result.stdout, /prepare: migration failed/);
    assert.match(result.stdout, /✓ rollback/);
    for (const host of hosts) {
      assert.equal(currentRelease(host), first);
      assert.ok(
        releaseDirs(host).some((dir) => dir.endsWith(sha3.slice(0, 7))),
        'the failed release is kept for debugging',
      );
    }
    await expectServing('v1');
    const list = await tend(['production', 'list']);
    assert.match(list.stdout, new RegExp(`${sha3.slice(0, 7)} +failed`));
  });

  const sha4 = commitVersion('v4', "console.log('prepared');\n");
  await t.test('a held lock refuses the deploy, naming the holder; --force-unlock breaks it', async () => {
    const holder = { id: 'other', by: 'alice@elsewhere', machine: 'elsewhere', pid: 4242, time: new Date().toISOString(), command: 'tend deploy production' };
    const lockFile = path.join(hosts[0]!.base, '.tend', 'lock');
    writeFileSync(lockFile, JSON.stringify(holder));
    const refused = await tend(['production']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /error E_DEPLOY_LOCKED: deploy failed on 1 of 2 hosts: .*locked by alice@elsewhere/);
    assert.match(refused.stdout + refused.stderr, /locked by alice@elsewhere on elsewhere \(pid 4242\)/);
    assert.equal(existsSync(path.join(hosts[1]!.base, '.tend', 'lock')), false, "the other host's lock was given back");
    for (const host of hosts) assert.equal(currentRelease(host), first);

    const forced = await tend(['production', '--force-unlock']);
    assertOk(forced);
    assert.match(forced.stderr, /breaking the lock held by alice@elsewhere/);
    for (const host of hosts) {
      assert.match(currentRelease(host), new RegExp(`-${sha4.slice(0, 7)}$`));
      assert.equal(existsSync(path.join(host.base, '.tend', 'lock')), false);
      // keep_releases: 2 counts good releases only → the newest two good ones stay (v2 and the current
      // v4); the failed v3 never takes a good one's place (issue 23).
      assert.deepEqual(
        releaseDirs(host).map((dir) => dir.slice(-7)),
        [sha2.slice(0, 7), sha4.slice(0, 7)],
      );
    }
    await expectServing('v4');
  });

  await t.test('a ref with quotes and $(…) reaches git as one argument', async () => {
    const result = await tend(['production', `main'$(touch ${pwned()})`]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /error E_DEPLOY_REF/);
    assert.match(result.stdout, /is not in the repository/);
  });

  assert.equal(existsSync(pwned()), false, 'no path, ref, env value or hook was run by a shell unquoted');
});

test('local checks and config errors come before anything connects', { skip: noSshd }, async () => {
  writeFileSync(path.join(work, 'untracked.txt'), 'x');
  try {
    const dirty = await tend(['production']);
    assert.equal(dirty.code, 1);
    assert.match(dirty.stderr, /E_DEPLOY_DIRTY/);
  } finally {
    rmSync(path.join(work, 'untracked.txt'));
  }
  const unknown = await tend(['staging', 'list']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /E_DEPLOY_ENV_UNKNOWN.*known: production, wronghostkey/);
  const incomplete = await tend(['incomplete', 'list']);
  assert.equal(incomplete.code, 1);
  assert.match(incomplete.stderr, /E_DEPLOY_CONFIG/);
  for (const expected of [
    'deploy.incomplete.post_deploy unknown key \\(did you mean "post-deploy"\\?\\)',
    'repo is required',
    'ref is required',
    'path must be absolute',
    'keep_releases must be',
  ]) {
    assert.match(incomplete.stderr, new RegExp(expected));
  }
});

test('SSH failures give their codes', { skip: noSshd }, async () => {
  const hostKey = await tend(['wronghostkey', 'curr']);
  assert.equal(hostKey.code, 1);
  assert.match(hostKey.stderr, /error E_SSH_HOSTKEY: curr failed on 2 of 2 hosts/);
  assert.match(hostKey.stdout, /does not match known_hosts/);
  const userKey = await tend(['wronguserkey', 'curr']);
  assert.match(userKey.stderr, /error E_SSH_AUTH:/);
  const connect = await tend(['nothinglistens', 'curr']);
  assert.match(connect.stderr, /error E_SSH_CONNECT/);
});
