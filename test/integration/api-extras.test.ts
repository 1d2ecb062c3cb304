// Issue 25: the rest of PM2's API against a real daemon — inspect, gracefulReload, update, the file
// actions user code still calls (_jsonStartOrAction, _startJson, actionFromJson), multiset/conf, and
// the calls tend answers without doing them: no-ops (sysmonit, modules, cloud) and E_NOT_SUPPORTED
// with a hint (profile, monit, boilerplate, …) — with callbacks, then with promises.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeHome, type TestHome } from '../support/daemon.js';
import { ApiProject, type ScriptRun } from '../support/api-project.js';

const ecosystem = `module.exports = { apps: [{ name: 'eco-a', script: './ticker.js' }, { name: 'eco-b', script: './worker.js' }] };\n`;

const callbackScript = `
const pm2 = require('pm2');
const names = (procs) => procs.map((p) => p.name).sort();
pm2._jsonStartOrAction('start', 'ecosystem.config.js', {}, (err, procs) => {
  report('jsonStart', { err, names: names(procs) });
  pm2._jsonStartOrAction('restart', 'ecosystem.config.js', {}, (err, procs) => {
    report('jsonRestart', { err, restarts: procs.map((p) => p.pm2_env.restart_time) });
    pm2._startJson('ecosystem.config.js', {}, 'reloadProcessId', (err, procs) => {
      report('startJson', { err, names: names(procs) });
      pm2.actionFromJson('stopProcessId', 'ecosystem.config.js', {}, 'file', (err, procs) => {
        report('actionStop', { err, statuses: procs.map((p) => p.pm2_env.status) });
        pm2._jsonStartOrAction('explode', 'ecosystem.config.js', {}, (err) => {
          report('badAction', err && err.code);
          pm2.gracefulReload('eco-a', (err, procs) => {
            report('graceful', { err, names: names(procs) });
            inspect();
          });
        });
      });
    });
  });
});
function inspect() {
  pm2.start({ script: './ticker.js', name: 'insp', node_args: ['--inspect-port=0'] }, (err) => {
    if (err) throw err;
    pm2.launchBus((err, bus) => {
      bus.on('log:err', (packet) => {
        if (packet.process.name === 'insp' && packet.data.includes('Debugger listening')) {
          report('inspector', true);
          bus.close();
          settings();
        }
      });
      pm2.inspect('insp', (err, procs) => report('inspect', { err, names: names(procs) }));
    });
  });
}
function settings() {
  pm2.multiset('api:one 1 api:two 2', (err, all) => {
    report('multiset', { err, one: all['api:one'], two: all['api:two'] });
    pm2.conf('api:two', (err, value) => {
      report('confGet', { err, value });
      pm2.multiset('odd', (err) => {
        report('multisetOdd', err && err.code);
        answered();
      });
    });
  });
}
function answered() {
  pm2.launchSysMonitoring((err, result) => {
    report('sysmonit', { err, result: result === undefined });
    pm2.launchModules((err) => {
      report('modules', err);
      pm2.monitor('eco-a', (err, answer) => {
        report('monitor', { err, cloud: answer.cloud });
        pm2.profile('cpu', 1000, (err) => {
          report('profile', { code: err && err.code, hint: typeof (err && err.hint) });
          pm2.monit((err) => {
            report('monit', err && err.code);
            pm2.update((err, result) => {
              report('update', { err, count: result && result.count });
              pm2.killDaemon(() => pm2.disconnect(() => report('done', true)));
            });
          });
        });
      });
    });
  });
}
`;

describe('API: the rest of PM2, CommonJS with callbacks', () => {
  let t: TestHome;
  let run: ScriptRun;
  before(async () => {
    t = makeHome('tend-api-');
    const project = new ApiProject(t);
    project.write('ecosystem.config.js', ecosystem);
    run = await project.run('extras.cjs', callbackScript);
    assert.equal(run.code, 0, run.stderr);
  });
  after(() => t.cleanup());

  test("PM2's file actions start, restart, reload and stop the file's apps; an unknown action is an error", () => {
    assert.deepEqual(run.reports.jsonStart, { err: null, names: ['eco-a', 'eco-b'] });
    assert.deepEqual(run.reports.jsonRestart, { err: null, restarts: [1, 1] });
    assert.deepEqual(run.reports.startJson, { err: null, names: ['eco-a', 'eco-b'] });
    assert.deepEqual(run.reports.actionStop, { err: null, statuses: ['stopped', 'stopped'] });
    assert.equal(run.reports.badAction, 'E_USAGE');
    assert.deepEqual(run.reports.graceful, { err: null, names: ['eco-a'] });
  });

  test("inspect opens the app's Node inspector (SIGUSR1)", () => {
    assert.deepEqual(run.reports.inspect, { err: null, names: ['insp'] });
    assert.equal(run.reports.inspector, true);
  });

  test('multiset and conf write and read settings; bad pairs are an error', () => {
    assert.deepEqual(run.reports.multiset, { err: null, one: '1', two: '2' });
    assert.deepEqual(run.reports.confGet, { err: null, value: '2' });
    assert.equal(run.reports.multisetOdd, 'E_USAGE');
  });

  test('no-ops answer, refused calls say E_NOT_SUPPORTED with a hint, update hands the apps to a new daemon', () => {
    assert.deepEqual(run.reports.sysmonit, { err: null, result: true });
    assert.equal(run.reports.modules, null);
    assert.deepEqual(run.reports.monitor, { err: null, cloud: false });
    assert.deepEqual(run.reports.profile, { code: 'E_NOT_SUPPORTED', hint: 'string' });
    assert.equal(run.reports.monit, 'E_NOT_SUPPORTED');
    assert.deepEqual(run.reports.update, { err: null, count: 3 });
    assert.equal(run.reports.done, true);
  });
});

describe('API: the rest of PM2, ES modules with promises', () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-api-');
  });
  after(() => t.cleanup());

  test('the same calls resolve and reject as promises', async () => {
    const project = new ApiProject(t);
    project.write('ecosystem.config.js', ecosystem);
    const run = await project.run(
      'extras.mjs',
      `
      import pm2 from 'pm2';
      const code = (promise) => promise.then(() => null, (error) => error.code);
      report('start', (await pm2._jsonStartOrAction('start', 'ecosystem.config.js', {})).length);
      report('delete', (await pm2.actionFromJson('deleteProcessId', 'ecosystem.config.js', {}, 'file')).length);
      report('listed', (await pm2.list()).length);
      report('conf', (await pm2.conf('api:key', 'value'))['api:key']);
      report('link', (await pm2.link()).cloud);
      const refused = {};
      for (const call of ['profile', 'msgProcess', 'dashboard', 'boilerplate', 'autoinstall', 'deepUpdate', 'logrotate', 'dockerMode', 'generateDockerfile', 'generateSample', 'report', 'slist', 'package']) {
        refused[call] = await code(pm2[call]());
      }
      report('refused', refused);
      report('inspectUnknown', await code(pm2.inspect('nope')));
      await pm2.killDaemon();
      await pm2.disconnect();
      `,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.reports.start, 2);
    assert.equal(run.reports.delete, 2);
    assert.equal(run.reports.listed, 0);
    assert.equal(run.reports.conf, 'value');
    assert.equal(run.reports.link, false);
    assert.deepEqual(Object.values(run.reports.refused as Record<string, string>), Array<string>(13).fill('E_NOT_SUPPORTED'));
    assert.equal(run.reports.inspectUnknown, 'E_APP_NOT_FOUND');
  });
});
