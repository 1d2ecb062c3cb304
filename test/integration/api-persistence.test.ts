// Issue 25: dump, resurrect, clearDump, flush, reloadLogs, get/set/unset, PM2's module calls and
// startup(platform, cb) — whose callback is always called, with an error when not root.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeHome, type TestHome } from '../support/daemon.js';
import { ApiProject } from '../support/api-project.js';

const callbackScript = `
const pm2 = require('pm2');
const err = (e) => (e ? e.code || e.message : null);
const steps = [
  (next) => pm2.dump((e) => { report('dumpEmpty', err(e)); next(); }),
  (next) => pm2.start({ script: './ticker.js', name: 'saved' }, () => next()),
  (next) => pm2.dump((e, result) => { report('dump', { err: err(e), count: result.count }); next(); }),
  (next) => pm2.delete('saved', () => next()),
  (next) => pm2.resurrect((e, procs) => { report('resurrect', { err: err(e), names: procs.map((p) => p.name) }); next(); }),
  (next) => pm2.getPID('saved', (e, pids) => { report('getPID', { err: err(e), pids: pids.length === 1 && pids[0] > 0 }); next(); }),
  (next) => pm2.getProcessIdByName('saved', (e, ids) => pm2.env(ids[0], (e, env) => { report('env', { err: err(e), home: env.TEND_HOME === process.env.TEND_HOME }); next(); })),
  (next) => pm2.env(99, (e) => { report('envUnknown', err(e)); next(); }),
  (next) => pm2.ping((e, pong) => { report('ping', { err: err(e), msg: pong.msg }); next(); }),
  (next) => pm2.getVersion((e, version) => { report('version', typeof version); next(); }),
  (next) => pm2.clearDump((e, result) => { report('clearDump', { err: err(e), file: typeof result.file }); next(); }),
  (next) => pm2.flush((e, result) => { report('flushAll', { err: err(e), files: result.files.length > 0 }); next(); }),
  (next) => pm2.flush('saved', (e) => { report('flushOne', err(e)); next(); }),
  (next) => pm2.flush('nope', (e) => { report('flushUnknown', err(e)); next(); }),
  (next) => pm2.reloadLogs((e, result) => { report('reloadLogs', { err: err(e), result }); next(); }),
  (next) => pm2.set('pm2:autodump', 'true', (e) => { report('set', err(e)); next(); }),
  (next) => pm2.get('pm2:autodump', (e, value) => { report('get', { err: err(e), value }); next(); }),
  (next) => pm2.get((e, all) => { report('getAll', all); next(); }),
  (next) => pm2.unset('pm2:autodump', (e) => { report('unset', err(e)); next(); }),
  (next) => pm2.get('pm2:autodump', (e) => { report('getMissing', err(e)); next(); }),
  (next) => pm2.install('pm2-logrotate', (e, result) => { report('installLogrotate', { err: err(e), builtIn: result.builtIn }); next(); }),
  (next) => pm2.install('pm2-server-monit', (e) => { report('installOther', err(e)); next(); }),
  (next) => pm2.uninstall('pm2-server-monit', (e) => { report('uninstall', err(e)); next(); }),
];
const run = (i) => (i < steps.length ? steps[i](() => run(i + 1)) : pm2.kill((e, result) => { report('kill', { err: err(e), stopped: result.stopped }); pm2.disconnect(() => report('done', true)); }));
pm2.connect((e) => { if (e) throw e; run(0); });
`;

describe('API persistence, logs, settings and modules', () => {
  let t: TestHome;
  let project: ApiProject;
  let reports: Record<string, unknown>;
  before(async () => {
    t = makeHome('tend-api-');
    project = new ApiProject(t);
    const run = await project.run('persist.cjs', callbackScript);
    assert.equal(run.code, 0, run.stderr);
    reports = run.reports;
  });
  after(() => t.cleanup());

  test('dump refuses an empty list as PM2 does, saves, resurrect brings the app back, clearDump empties', () => {
    assert.equal(reports.dumpEmpty, 'E_DUMP_EMPTY');
    assert.deepEqual(reports.dump, { err: null, count: 1 });
    assert.deepEqual(reports.resurrect, { err: null, names: ['saved'] });
    assert.deepEqual(reports.clearDump, { err: null, file: 'string' });
  });

  test('getPID, env, ping and getVersion', () => {
    assert.deepEqual(reports.getPID, { err: null, pids: true });
    assert.deepEqual(reports.env, { err: null, home: true });
    assert.equal(reports.envUnknown, 'E_APP_NOT_FOUND');
    assert.deepEqual(reports.ping, { err: null, msg: 'pong' });
    assert.equal(reports.version, 'string');
  });

  test('flush and reloadLogs; an unknown target reaches the callback', () => {
    assert.deepEqual(reports.flushAll, { err: null, files: true });
    assert.equal(reports.flushOne, null);
    assert.equal(reports.flushUnknown, 'E_APP_NOT_FOUND');
    assert.deepEqual(reports.reloadLogs, { err: null, result: { ok: true } });
  });

  test('get, set and unset the settings of the home', () => {
    assert.equal(reports.set, null);
    assert.deepEqual(reports.get, { err: null, value: 'true' });
    assert.deepEqual(reports.getAll, { 'pm2:autodump': 'true' });
    assert.equal(reports.unset, null);
    assert.equal(reports.getMissing, 'E_SETTING_NOT_FOUND');
  });

  test('module calls answer: pm2-logrotate is built in, other modules are not supported', () => {
    assert.deepEqual(reports.installLogrotate, { err: null, builtIn: true });
    assert.equal(reports.installOther, 'E_NOT_SUPPORTED');
    assert.equal(reports.uninstall, 'E_NOT_SUPPORTED');
    assert.deepEqual(reports.kill, { err: null, stopped: 1 });
    assert.equal(reports.done, true);
  });

  test(
    'startup(platform, cb) as a user who is not root: the error (with the sudo command) reaches the callback and the promise',
    { skip: process.getuid?.() !== 0 && 'needs root to run the script as another user' },
    async () => {
      // The test runs as root; the script runs as nobody, who must be able to read the project.
      chmodSync(t.dir, 0o755);
      const run = await project.run(
        'startup.cjs',
        `
      const pm2 = require('pm2');
      pm2.startup('systemd', (err, result) => {
        report('callback', { code: err && err.code, hint: err && err.hint, result: result === undefined ? null : result });
        pm2.startup('systemd').then(() => report('promise', 'resolved'), (error) => report('promise', error.code));
      });
      `,
        { uid: 65534, env: { HOME: t.dir } },
      );
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /Unhandled/);
      const callback = run.reports.callback as { code: string; hint: string; result: unknown };
      assert.equal(callback.code, 'E_STARTUP_NEEDS_ROOT');
      assert.match(callback.hint, /sudo/);
      assert.equal(run.reports.promise, 'E_STARTUP_NEEDS_ROOT');
    },
  );

  test('startup and uninstallStartup with a destdir write and remove the unit there (image builds)', async () => {
    const root = join(t.dir, 'root');
    const run = await project.run(
      'startup-destdir.mjs',
      `import pm2 from 'pm2';
      const where = { destdir: ${JSON.stringify(root)} };
      report('installed', (await pm2.startup('systemd', where)).action);
      report('removed', (await pm2.uninstallStartup('systemd', where)).action);
      report('again', await pm2.uninstallStartup('systemd', where).then(() => null, (error) => error.code));
      `,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.reports.installed, 'installed');
    assert.ok(existsSync(root));
    assert.equal(typeof run.reports.removed, 'string');
    assert.equal(run.reports.again, 'E_STARTUP_NOT_INSTALLED');
  });
});
