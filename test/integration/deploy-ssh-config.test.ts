// issue 23: `tend deploy` honours ~/.ssh/config as ssh does — a Host alias with its HostName, Port,
// User and IdentityFile, and a ProxyJump through a second server — with real sshds and the real CLI.
// The config is the one under HOME, pointed at a temp dir for this test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../support/cli.js';
import { freePort, generateKey, startSshd, type Sshd } from '../support/sshd.js';
import { whyMissing } from '../support/tools.js';

/** These tests need a real sshd; without one they are skipped with this reason. */
const noSshd = whyMissing('sshd');

let root: string;
let home: string;
let app: string;
let target: Sshd;
let bastion: Sshd;

before(async () => {
  if (noSshd) return;
  root = mkdtempSync(path.join(os.tmpdir(), 'tend-sshcfg-'));
  const key = generateKey(root, 'deploy_key');
  for (const name of ['target', 'bastion']) mkdirSync(path.join(root, name));
  target = await startSshd({ dir: path.join(root, 'target'), authorizedKeys: [key.publicKey] });
  bastion = await startSshd({ dir: path.join(root, 'bastion'), authorizedKeys: [key.publicKey] });
  home = path.join(root, 'home');
  const closedPort = await freePort();
  mkdirSync(path.join(home, '.ssh'), { recursive: true });
  writeFileSync(
    path.join(home, '.ssh', 'config'),
    [
      'Host myserver',
      '  HostName 127.0.0.1',
      `  Port ${target.port}`,
      '  User root',
      `  IdentityFile ${key.file}`,
      'Host behind-bastion',
      '  HostName 127.0.0.1',
      `  Port ${target.port}`,
      '  ProxyJump jumpbox',
      'Host behind-closed-bastion',
      '  HostName 127.0.0.1',
      `  Port ${target.port}`,
      `  ProxyJump 127.0.0.1:${closedPort}`,
      'Host jumpbox',
      '  HostName 127.0.0.1',
      `  Port ${bastion.port}`,
      'Host *',
      '  User root',
      `  IdentityFile ${key.file}`,
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(root, 'known_hosts'), `${target.knownHostsLine}\n${bastion.knownHostsLine}\n`);
  const origin = path.join(root, 'origin.git');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', origin]);
  app = path.join(root, 'app');
  mkdirSync(app);
  const production = {
    host: 'myserver',
    repo: origin,
    ref: 'origin/main',
    path: '/srv/unused',
    ssh_options: [`UserKnownHostsFile=${path.join(root, 'known_hosts')}`],
  };
  const ecosystem = {
    apps: [{ name: 'web', script: 'server.js' }],
    deploy: {
      production: { ...production, path: path.join(root, 'deployed-direct') },
      jumped: { ...production, host: 'behind-bastion', path: path.join(root, 'deployed-jumped') },
      closedjump: { ...production, host: 'behind-closed-bastion', path: path.join(root, 'deployed-never') },
    },
  };
  writeFileSync(path.join(app, 'ecosystem.config.json'), JSON.stringify(ecosystem));
});

after(async () => {
  if (noSshd) return;
  await target.stop();
  await bastion.stop();
  rmSync(root, { recursive: true, force: true });
});

test('a Host alias resolves through ~/.ssh/config: HostName, Port, User, IdentityFile', { skip: noSshd }, async () => {
  const result = await runCli(['deploy', 'production', 'setup'], { cwd: app, env: { HOME: home } });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stdout, new RegExp(`root@127\\.0\\.0\\.1:${target.port}`));
  assert.ok(existsSync(path.join(root, 'deployed-direct', 'releases')));
});

test('ProxyJump: the host is reached through the jump host', { skip: noSshd }, async () => {
  const result = await runCli(['deploy', 'jumped', 'setup'], { cwd: app, env: { HOME: home } });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.ok(existsSync(path.join(root, 'deployed-jumped', 'releases')));
  // The same host behind a jump host that does not answer is unreachable: the jump is really taken.
  const closed = await runCli(['deploy', 'closedjump', 'setup'], { cwd: app, env: { HOME: home } });
  assert.equal(closed.code, 1);
  assert.match(closed.stderr, /E_SSH_CONNECT/);
  assert.equal(existsSync(path.join(root, 'deployed-never')), false);
});
