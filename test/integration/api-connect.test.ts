// Issue 25: instances (`new pm2.custom({ cwd, pm2_home, daemon_mode })`) and their properties,
// connect/disconnect/kill, PM2's lazy API (calls without connect and without callbacks), and
// callbacks that run outside tend: what a caller's callback throws is the caller's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeHome, type TestHome } from '../support/daemon.js';
import { ApiProject } from '../support/api-project.js';

describe('API instances and connection', () => {
  let t: TestHome;
  let project: ApiProject;
  before(() => {
    t = makeHome('tend-api-');
    project = new ApiProject(t);
  });
  after(() => t.cleanup());

  test('custom instances keep their own cwd and home; the default one reads TEND_HOME and process.cwd()', async () => {
    const sub = join(project.dir, 'sub');
    mkdirSync(sub);
    writeFileSync(join(sub, 'app.js'), 'setInterval(() => undefined, 1000);\n');
    const otherHome = join(t.dir, 'other-home');
    const run = await project.run(
      'custom.cjs',
      `
      const pm2 = require('pm2');
      const mine = new pm2.custom({ cwd: ${JSON.stringify(sub)}, pm2_home: ${JSON.stringify(otherHome)} });
      report('props', { home: mine.pm2_home, cwd: mine.cwd, daemon: mine.daemon_mode, defaultHome: pm2.pm2_home, defaultCwd: pm2.cwd, defaultDaemon: pm2.daemon_mode });
      mine.connect((err) => {
        if (err) throw err;
        mine.start('./app.js', (err, procs) => {
          report('start', { err: err && err.code, name: procs && procs[0].name, path: procs && procs[0].pm2_env.pm_exec_path });
          pm2.list((err, defaultList) => {
            mine.list((err, ownList) => {
              report('lists', { own: ownList.map((p) => p.name), other: defaultList.map((p) => p.name), home: ownList[0].pm2_env.env.TEND_HOME });
              mine.killDaemon(() => mine.disconnect(() => pm2.killDaemon(() => pm2.disconnect())));
            });
          });
        });
      });
      `,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.reports.props, { home: otherHome, cwd: sub, daemon: true, defaultHome: t.home, defaultCwd: project.dir, defaultDaemon: true });
    assert.deepEqual(run.reports.start, { err: null, name: 'app', path: join(sub, 'app.js') });
    assert.deepEqual(run.reports.lists, { own: ['app'], other: [], home: otherHome });
  });

  test('daemon_mode: false runs the daemon inside the caller, ended by disconnect', async () => {
    const home = join(t.dir, 'embedded-home');
    const run = await project.run(
      'embedded.mjs',
      `
      import pm2 from 'pm2';
      const inside = new pm2.custom({ pm2_home: ${JSON.stringify(home)}, daemon_mode: false });
      report('mode', inside.daemon_mode);
      const procs = await inside.start({ script: './ticker.js', name: 'inside' });
      report('started', procs.map((p) => p.pm2_env.status));
      await inside.delete('all');
      await inside.disconnect();
      report('done', true);
      `,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.reports.mode, false);
    assert.deepEqual(run.reports.started, ['online']);
    assert.equal(run.reports.done, true);
  });

  test('a connect that fails reaches the callback and rejects the promise', async () => {
    const blocker = join(t.dir, 'a-file');
    writeFileSync(blocker, '');
    const run = await project.run(
      'connect-error.cjs',
      `
      const pm2 = require('pm2');
      const broken = new pm2.custom({ pm2_home: ${JSON.stringify(join(blocker, 'home'))} });
      broken.connect((err) => {
        report('callback', Boolean(err));
        broken.list().then(() => report('promise', 'resolved'), (error) => report('promise', Boolean(error)));
      });
      `,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.reports.callback, true);
    assert.equal(run.reports.promise, true);
  });

  test("PM2's lazy API: calls without connect and without callbacks; a failing one does not kill the caller", async () => {
    const run = await project.run(
      'lazy.cjs',
      `
      const pm2 = require('pm2');
      pm2.start('./ticker.js', (err, procs) => {
        report('lazyStart', { err, names: procs.map((p) => p.name) });
        pm2.start('./ticker.js');
        pm2.list((err, procs) => {
          report('afterFailedStart', procs.length);
          pm2.reload('./ticker.js');
          pm2.stop('./ticker.js', (err, procs) => {
            report('stopByPath', procs.map((p) => p.pm2_env.status));
            pm2.delete('./ticker.js');
            pm2.list((err, procs) => {
              report('left', procs.length);
              pm2.killDaemon(() => pm2.disconnect(() => report('done', true)));
            });
          });
        });
      });
      `,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /Unhandled|not a function/);
    assert.deepEqual(run.reports.lazyStart, { err: null, names: ['ticker'] });
    assert.equal(run.reports.afterFailedStart, 1);
    assert.deepEqual(run.reports.stopByPath, ['stopped']);
    assert.equal(run.reports.left, 0);
    assert.equal(run.reports.done, true);
  });

  test('calls made while connect is in flight wait for it; promises work without connect too', async () => {
    const run = await project.run(
      'queued.mjs',
      `
      import * as pm2 from 'pm2';
      const connected = pm2.connect();
      const listed = pm2.list();
      await connected;
      report('queued', (await listed).length);
      const { connect, list, killDaemon, disconnect } = pm2;
      await connect();
      report('destructured', (await list()).length);
      await killDaemon();
      report('afterKill', (await list()).length);
      await killDaemon();
      await disconnect();
      `,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.reports.queued, 0);
    assert.equal(run.reports.destructured, 0);
    assert.equal(run.reports.afterKill, 0);
  });

  test("what the caller's callback throws is the caller's: it is neither swallowed nor called twice", async () => {
    const run = await project.run(
      'throwing.cjs',
      `
      const pm2 = require('pm2');
      let calls = 0;
      process.on('uncaughtException', (error) => {
        report('uncaught', error.message);
        setTimeout(() => { report('calls', calls); pm2.killDaemon(() => pm2.disconnect()); }, 50);
      });
      pm2.connect(() => {
        pm2.list(() => {
          calls++;
          throw new Error('thrown by the caller');
        });
      });
      `,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.reports.uncaught, 'thrown by the caller');
    assert.equal(run.reports.calls, 1);
  });
});
