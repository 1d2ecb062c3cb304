// Issue 25: PM2's versioning calls on a real git checkout — pullAndReload / pullAndRestart pull and
// reload to the new commit (already up to date: an error, as in PM2), backward / forward move one
// commit, pullCommitId / _pullCommitId check out a commit — with callbacks, then with promises.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeHome, type TestHome } from '../support/daemon.js';
import { ApiProject, type ScriptRun } from '../support/api-project.js';
import { whyMissing } from '../support/tools.js';
import { gitOut as git } from '../support/sync-fixture.js';

const noGit = whyMissing('git');

/** An origin, a seed clone that commits and pushes, and the checkout the app runs from (at the first commit). */
function repository(dir: string): { checkout: string; commit: (message: string) => string; push: () => void } {
  const origin = join(dir, 'origin.git');
  const seed = join(dir, 'seed');
  const checkout = join(dir, 'checkout');
  git(dir, 'init', '--bare', '--quiet', '-b', 'main', origin);
  git(dir, 'clone', '--quiet', origin, seed);
  const commit = (message: string): string => {
    writeFileSync(join(seed, 'app.js'), `console.log('running ${message}');\nsetInterval(() => undefined, 1000);\n`);
    git(seed, 'add', '-A');
    git(seed, 'commit', '--quiet', '-m', message);
    return git(seed, 'rev-parse', 'HEAD');
  };
  const push = (): void => void git(seed, 'push', '--quiet', 'origin', 'HEAD:main');
  commit('one');
  push();
  git(dir, 'clone', '--quiet', origin, checkout);
  return { checkout, commit, push };
}

/** `waitLine(text, then)`: calls `then` once the app printed `text` (seen on the bus). */
const lineWaiter = `
const seen = [];
const waiting = [];
function waitLine(text, then) {
  if (seen.includes(text)) return then();
  waiting.push([text, then]);
}
function onLine(packet) {
  if (packet.process.name !== 'gitapp') return;
  const text = packet.data.trim();
  seen.push(text);
  for (const [wanted, then] of waiting.splice(0)) {
    if (wanted === text) then();
    else waiting.push([wanted, then]);
  }
}
`;

const callbackScript = `
const pm2 = require('pm2');
const { CHECKOUT, FIRST, SECOND, THIRD } = process.env;
const short = (moved) => moved && { success: moved.success, from: moved.from, to: moved.to, names: moved.procs.map((p) => p.name) };
${lineWaiter}
pm2.launchBus((err, bus) => {
  if (err) throw err;
  bus.on('log:out', onLine);
  pm2.start({ script: 'app.js', name: 'gitapp', cwd: CHECKOUT }, (err) => {
    if (err) throw err;
    waitLine('running one', () => pm2.pullAndReload('gitapp', (err, moved) => {
      report('pulled', { err, moved: short(moved) });
      waitLine('running three', () => pm2.pullAndReload('gitapp', (err, moved) => {
        report('level', { code: err && err.code, msg: err && err.msg, success: err && err.success, result: moved !== undefined });
        pm2.backward('gitapp', (err, moved) => {
          report('backward', { err, moved: short(moved) });
          pm2.forward('gitapp', (err, moved) => {
            report('forward', { err, moved: short(moved) });
            pm2.forward('gitapp', (err, moved) => {
              report('forwardLevel', { err, moved: short(moved) });
              pm2.pullCommitId('gitapp', FIRST, (err, moved) => {
                report('commit', { err, moved: short(moved) });
                waitLine('running one', () => pm2._pullCommitId({ pm2_name: 'gitapp', commit_id: SECOND }, (err, moved) => {
                  report('commitOption', { err, to: moved.to });
                  pm2.pullAndReload('nope', (err) => {
                    report('unknown', err && err.code);
                    bus.close();
                    pm2.killDaemon(() => pm2.disconnect(() => report('done', true)));
                  });
                }));
              });
            });
          });
        });
      }));
    }));
  });
});
`;

describe('API versioning, CommonJS with callbacks', { skip: noGit }, () => {
  let t: TestHome;
  let run: ScriptRun;
  const shas: string[] = [];
  before(async () => {
    t = makeHome('tend-api-');
    const repo = repository(t.dir);
    shas.push(git(repo.checkout, 'rev-parse', 'HEAD'), repo.commit('two'), repo.commit('three'));
    repo.push();
    const [FIRST = '', SECOND = '', THIRD = ''] = shas;
    run = await new ApiProject(t).run('versioning.cjs', callbackScript, { env: { CHECKOUT: repo.checkout, FIRST, SECOND, THIRD } });
    assert.equal(run.code, 0, run.stderr);
  });
  after(() => t.cleanup());

  test('pullAndReload pulls the checkout and reloads the app, which then runs the new commit', () => {
    assert.deepEqual(run.reports.pulled, { err: null, moved: { success: true, from: shas[0], to: shas[2], names: ['gitapp'] } });
  });

  test('pullAndReload of an up-to-date checkout fails as in PM2 (err.msg "Already up to date")', () => {
    assert.deepEqual(run.reports.level, { code: 'E_UP_TO_DATE', msg: 'Already up to date', success: false, result: false });
  });

  test('backward and forward move one commit and reload; forward at the upstream answers success: false', () => {
    assert.deepEqual(run.reports.backward, { err: null, moved: { success: true, from: shas[2], to: shas[1], names: ['gitapp'] } });
    assert.deepEqual(run.reports.forward, { err: null, moved: { success: true, from: shas[1], to: shas[2], names: ['gitapp'] } });
    assert.deepEqual(run.reports.forwardLevel, { err: null, moved: { success: false, from: shas[2], to: shas[2], names: [] } });
  });

  test('pullCommitId and _pullCommitId check out the commit and reload; an unknown app is an error', () => {
    assert.deepEqual(run.reports.commit, { err: null, moved: { success: true, from: shas[2], to: shas[0], names: ['gitapp'] } });
    assert.deepEqual(run.reports.commitOption, { err: null, to: shas[1] });
    assert.equal(run.reports.unknown, 'E_APP_NOT_FOUND');
    assert.equal(run.reports.done, true);
  });
});

describe('API versioning, ES modules with promises', { skip: noGit }, () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-api-');
  });
  after(() => t.cleanup());

  test('pullAndRestart restarts the app on the new commit; a missing commit id and a folder that is no checkout are refused', async () => {
    const repo = repository(t.dir);
    const second = repo.commit('two');
    repo.push();
    const project = new ApiProject(t);
    const plain = join(project.dir, 'plain');
    project.write('plain/app.js', 'setInterval(() => undefined, 1000);\n');
    const run = await project.run(
      'versioning.mjs',
      `
      import pm2 from 'pm2';
      ${lineWaiter}
      const bus = await pm2.launchBus();
      bus.on('log:out', onLine);
      await pm2.start({ script: 'app.js', name: 'gitapp', cwd: process.env.CHECKOUT });
      await new Promise((resolve) => waitLine('running one', resolve));
      const moved = await pm2.pullAndRestart('gitapp');
      report('restarted', { success: moved.success, to: moved.to, restarts: moved.procs[0].pm2_env.restart_time });
      await new Promise((resolve) => waitLine('running two', resolve));
      report('level', await pm2.pullAndRestart('gitapp').then(() => null, (error) => error.code));
      report('noCommit', await pm2.pullCommitId('gitapp').then(() => null, (error) => error.code));
      await pm2.start({ script: 'app.js', name: 'plain', cwd: process.env.PLAIN });
      report('plain', await pm2.forward('plain').then(() => null, (error) => error.code));
      bus.close();
      await pm2.killDaemon();
      await pm2.disconnect();
      `,
      { env: { CHECKOUT: repo.checkout, PLAIN: plain } },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.reports.restarted, { success: true, to: second, restarts: 1 });
    assert.equal(run.reports.level, 'E_UP_TO_DATE');
    assert.equal(run.reports.noCommit, 'E_USAGE');
    assert.equal(run.reports.plain, 'E_USAGE');
  });
});
