// Issue 25: PM2's deploy(file, commands, cb) against a real sshd and a real git repository, as
// `tend deploy` runs it: setup, a deploy, curr, exec with its output, list, and the errors (an
// unknown environment, a revert with nothing to go back to) — with callbacks, then with promises.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeHome, type TestHome } from '../support/daemon.js';
import { ApiProject, type ScriptRun } from '../support/api-project.js';
import { generateKey, startSshd, type Sshd } from '../support/sshd.js';
import { whyMissing } from '../support/tools.js';

const noSshd = whyMissing('sshd');

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  }).trim();
}

const callbackScript = `
const pm2 = require('pm2');
const file = 'ecosystem.config.js';
pm2.deploy(file, { rawArgs: ['node', 'pm2', 'deploy', file, 'production', 'setup'] }, (err, setup) => {
  report('setup', { err, verb: setup && setup.verb, ok: setup && setup.outcomes.map((o) => o.ok) });
  pm2.deploy(file, ['production'], (err, deployed) => {
    report('deployed', { err, verb: deployed && deployed.verb, ok: deployed && deployed.outcomes.map((o) => o.ok), steps: deployed && deployed.events.some((e) => e.type === 'step' && e.step === 'post-deploy' && e.ok) });
    pm2.deploy(file, ['production', 'curr'], (err, curr) => {
      const host = curr.hosts[0];
      report('curr', { err, sha: host.releases.find((r) => r.current).sha });
      pm2.deploy(file, ['production', 'exec', 'echo from-exec'], (err, ran) => {
        report('exec', { err, output: ran.events.filter((e) => e.type === 'output').map((e) => e.line) });
        pm2.deploy(file, ['staging'], (err) => {
          report('unknownEnv', err && err.code);
          pm2.deploy('help', {}, (err, result) => report('help', { err, result: result === undefined }));
        });
      });
    });
  });
});
`;

describe('API deploy against a real sshd', { skip: noSshd }, () => {
  let t: TestHome;
  let sshd: Sshd;
  let project: ApiProject;
  let work: string;
  let sha = '';
  let run: ScriptRun;

  before(async () => {
    t = makeHome('tend-api-');
    const sshdDir = join(t.dir, 'sshd');
    mkdirSync(sshdDir);
    const key = generateKey(t.dir, 'user_key');
    sshd = await startSshd({ dir: sshdDir, authorizedKeys: [key.publicKey] });
    const knownHosts = join(t.dir, 'known_hosts');
    writeFileSync(knownHosts, `${sshd.knownHostsLine}\n`);
    const origin = join(t.dir, 'origin.git');
    git(t.dir, 'init', '--quiet', '--bare', '-b', 'main', origin);
    work = join(t.dir, 'work');
    git(t.dir, 'clone', '--quiet', origin, work);
    git(work, 'checkout', '--quiet', '-b', 'main');
    const production = {
      user: 'root',
      host: `127.0.0.1:${sshd.port}`,
      key: key.file,
      ssh_options: [`UserKnownHostsFile=${knownHosts}`],
      repo: origin,
      ref: 'origin/main',
      path: '~/srv/app',
      'post-deploy': 'echo post-deploy ran',
    };
    writeFileSync(
      join(work, 'ecosystem.config.js'),
      `module.exports = ${JSON.stringify({ apps: [{ name: 'web', script: 'app.js' }], deploy: { production } }, null, 2)};\n`,
    );
    writeFileSync(join(work, 'app.js'), 'setInterval(() => undefined, 1000);\n');
    git(work, 'add', '-A');
    git(work, 'commit', '--quiet', '-m', 'first');
    git(work, 'push', '--quiet', '-u', 'origin', 'main');
    sha = git(work, 'rev-parse', 'HEAD');
    project = new ApiProject(t);
    run = await project.run('deploy.cjs', callbackScript, { cwd: work });
    assert.equal(run.code, 0, run.stderr);
  });

  after(async () => {
    await sshd?.stop();
    t.cleanup();
  });

  test('CommonJS with callbacks: setup (PM2 rawArgs), deploy, curr, exec; errors reach the callback', () => {
    assert.deepEqual(run.reports.setup, { err: null, verb: 'setup', ok: [true] });
    assert.ok(existsSync(join(sshd.home, 'srv', 'app', 'releases')), 'setup made the layout on the server');
    assert.deepEqual(run.reports.deployed, { err: null, verb: 'deploy', ok: [true], steps: true });
    assert.deepEqual(run.reports.curr, { err: null, sha });
    assert.deepEqual(run.reports.exec, { err: null, output: ['from-exec'] });
    assert.equal(run.reports.unknownEnv, 'E_DEPLOY_ENV_UNKNOWN');
    assert.deepEqual(run.reports.help, { err: null, result: true });
  });

  test('ES modules with promises: the default file (PM2 form without a file), list, and a revert that fails', async () => {
    const esm = await project.run(
      'deploy.mjs',
      `
      import pm2 from 'pm2';
      const listed = await pm2.deploy('production', { rawArgs: ['deploy', 'production', 'list'] });
      report('listed', listed.hosts[0].releases.map((release) => release.sha));
      report('revert', await pm2.deploy('ecosystem.config.js', ['production', 'revert', '1']).then(() => null, (error) => error.code));
      `,
      { cwd: work },
    );
    assert.equal(esm.code, 0, esm.stderr);
    assert.deepEqual(esm.reports.listed, [sha]);
    assert.equal(esm.reports.revert, 'E_DEPLOY_NO_RELEASE');
  });
});
