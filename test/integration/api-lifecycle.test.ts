// Issue 25: start (its five forms), stop, restart, reload, delete, scale, reset driven as PM2 code
// drives PM2 — CommonJS with callbacks, then ES modules with promises — answering with the touched
// processes in PM2's shape, and every error reaching the callback and the promise.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeHome, type TestHome } from '../support/daemon.js';
import { ApiProject } from '../support/api-project.js';

/** The calls both scripts make, in order; `err` and `procs` are PM2's callback arguments. */
const setup = (project: ApiProject): void => {
  project.write('opts.json', JSON.stringify({ name: 'fromjson', env: { FROM_JSON: 'yes' } }));
  project.write('ecosystem.config.js', "module.exports = { apps: [{ name: 'eco', script: './worker.js' }] };\n");
};

const callbackScript = `
const pm2 = require('pm2');
const shape = (err, procs) => ({ err: err ? err.code || err.message : null, names: (procs || []).map((p) => p.name), status: (procs || []).map((p) => p.pm2_env.status), restarts: (procs || []).map((p) => p.pm2_env.restart_time) });
const steps = [
  (next) => pm2.start('./ticker.js', (err, procs) => { report('script', shape(err, procs)); next(); }),
  (next) => pm2.start('./ticker.js', (err, procs) => { report('again', shape(err, procs)); next(); }),
  (next) => pm2.start({ script: './worker.js', name: 'opts', instances: 2 }, (err, procs) => { report('options', shape(err, procs)); next(); }),
  (next) => pm2.start('./worker.js', { name: 'withopts', args: ['a', 'b'] }, (err, procs) => { report('scriptOptions', { ...shape(err, procs), args: procs[0].pm2_env.args }); next(); }),
  (next) => pm2.start('./worker.js', 'opts.json', (err, procs) => { report('scriptJson', { ...shape(err, procs), env: procs[0].pm2_env.env.FROM_JSON }); next(); }),
  (next) => pm2.start('ecosystem.config.js', (err, procs) => { report('file', shape(err, procs)); next(); }),
  (next) => pm2.describe('ticker', (err, procs) => { report('describe', shape(err, procs)); next(); }),
  (next) => pm2.describe('nothing-here', (err, procs) => { report('describeNone', shape(err, procs)); next(); }),
  (next) => pm2.stop('ticker', (err, procs) => { report('stop', shape(err, procs)); next(); }),
  (next) => pm2.start('./ticker.js', (err, procs) => { report('startStopped', shape(err, procs)); next(); }),
  (next) => pm2.restart('./ticker.js', (err, procs) => { report('restartByPath', shape(err, procs)); next(); }),
  (next) => pm2.restart('ticker', { updateEnv: true }, (err, procs) => { report('restartOptions', shape(err, procs)); next(); }),
  (next) => pm2.reload('opts', (err, procs) => { report('reload', shape(err, procs)); next(); }),
  (next) => pm2.scale('opts', 3, (err, procs) => { report('scale', shape(err, procs)); next(); }),
  (next) => pm2.reset('opts', (err, procs) => { report('reset', shape(err, procs)); next(); }),
  (next) => pm2.delete('fromjson', (err, procs) => { report('delete', shape(err, procs)); next(); }),
  (next) => pm2.stop('no-such-app', (err, procs) => { report('stopUnknown', shape(err, procs)); next(); }),
  (next) => {
    let seen = 0;
    const both = () => { if (++seen === 2) next(); };
    pm2.stop('no-such-app', (err) => { report('bothCallback', err.code); both(); }).catch((error) => { report('bothPromise', error.code); both(); });
  },
  (next) => pm2.restart(42, (err, procs) => { report('restartUnknown', shape(err, procs)); next(); }),
  (next) => pm2.delete('no-such-app', (err, procs) => { report('deleteUnknown', shape(err, procs)); next(); }),
  (next) => pm2.scale('no-such-app', 2, (err, procs) => { report('scaleUnknown', shape(err, procs)); next(); }),
  (next) => pm2.start('./missing.js', (err, procs) => { report('missingScript', shape(err, procs)); next(); }),
  (next) => pm2.start({ script: './never-ready.js', name: 'late', wait_ready: true, listen_timeout: 500 }, (err, procs) => { report('notReady', shape(err, procs)); next(); }),
  (next) => { pm2.stop('eco'); pm2.list((err, procs) => { report('optionalCallback', shape(err, procs)); next(); }); },
  (next) => pm2.delete('all', (err, procs) => { report('deleteAll', shape(err, procs)); next(); }),
  (next) => pm2.stop('all', (err, procs) => { report('stopAllNone', shape(err, procs)); next(); }),
];
const run = (i) => (i < steps.length ? steps[i](() => run(i + 1)) : pm2.killDaemon(() => pm2.disconnect(() => report('done', true))));
pm2.connect((err) => { if (err) throw err; run(0); });
`;

const promiseScript = `
import pm2 from 'pm2';
const shape = (procs) => ({ err: null, names: procs.map((p) => p.name), status: procs.map((p) => p.pm2_env.status), restarts: procs.map((p) => p.pm2_env.restart_time) });
const failed = (error) => ({ err: error.code || error.message, names: [], status: [], restarts: [] });
const attempt = async (label, call) => report(label, await call().then(shape, failed));
await pm2.connect();
await attempt('script', () => pm2.start('./ticker.js'));
await attempt('again', () => pm2.start('./ticker.js'));
await attempt('options', () => pm2.start({ script: './worker.js', name: 'opts', instances: 2 }));
await attempt('scriptJson', () => pm2.start('./worker.js', 'opts.json'));
await attempt('file', () => pm2.start('ecosystem.config.js', { only: 'eco' }));
await attempt('appsObject', () => pm2.start({ apps: [{ script: './worker.js', name: 'listed' }] }));
await attempt('describe', () => pm2.describe('ticker'));
await attempt('stop', () => pm2.stop('ticker'));
await attempt('restartByPath', () => pm2.restart('./ticker.js'));
await attempt('reload', () => pm2.reload('opts'));
await attempt('scale', () => pm2.scale('opts', 1));
await attempt('delete', () => pm2.delete('fromjson'));
await attempt('stopUnknown', () => pm2.stop('no-such-app'));
await attempt('notReady', () => pm2.start({ script: './never-ready.js', name: 'late', wait_ready: true, listen_timeout: 500 }));
await attempt('deleteAll', () => pm2.delete('all'));
await pm2.killDaemon();
await pm2.disconnect();
report('done', true);
`;

interface Shape {
  err: string | null;
  names: string[];
  status: string[];
  restarts: number[];
}

describe('API lifecycle calls, CommonJS with callbacks', () => {
  let t: TestHome;
  let reports: Record<string, unknown>;
  before(async () => {
    t = makeHome('tend-api-');
    const project = new ApiProject(t);
    setup(project);
    const run = await project.run('callbacks.cjs', callbackScript);
    assert.equal(run.code, 0, run.stderr);
    reports = run.reports;
  });
  after(() => t.cleanup());
  const shape = (label: string): Shape => reports[label] as Shape;

  test('start answers with the started processes in PM2 shape, in all five forms', () => {
    assert.deepEqual(shape('script'), { err: null, names: ['ticker'], status: ['online'], restarts: [0] });
    assert.deepEqual(shape('options').names, ['opts', 'opts']);
    assert.deepEqual(shape('scriptOptions').names, ['withopts']);
    assert.deepEqual((reports.scriptOptions as { args: string[] }).args, ['a', 'b']);
    assert.deepEqual(shape('scriptJson').names, ['fromjson']);
    assert.equal((reports.scriptJson as { env: string }).env, 'yes');
    assert.deepEqual(shape('file').names, ['eco']);
  });

  test('starting a script that already runs is an error, as in PM2; a stopped one is started again', () => {
    assert.equal(shape('again').err, 'E_ALREADY_RUNNING');
    assert.deepEqual(shape('startStopped').status, ['online']);
  });

  test('describe returns a fresh app, and an empty list for an unknown one', () => {
    assert.deepEqual(shape('describe').names, ['ticker']);
    assert.deepEqual(shape('describeNone'), { err: null, names: [], status: [], restarts: [] });
  });

  test('stop, restart (by name or script path), reload, scale, reset and delete answer with the processes', () => {
    assert.deepEqual(shape('stop').status, ['stopped']);
    assert.deepEqual(shape('restartByPath').names, ['ticker']);
    assert.deepEqual(shape('restartByPath').status, ['online']);
    assert.ok((shape('restartOptions').restarts[0] ?? 0) > (shape('restartByPath').restarts[0] ?? 0));
    assert.deepEqual(shape('reload').names, ['opts', 'opts']);
    assert.deepEqual(shape('scale').names, ['opts', 'opts', 'opts']);
    assert.deepEqual(shape('reset').restarts, [0, 0, 0]);
    assert.deepEqual(shape('delete'), { err: null, names: ['fromjson'], status: ['stopped'], restarts: [0] });
  });

  test('every error reaches the callback, and the promise of the same call', () => {
    assert.equal(reports.bothCallback, 'E_APP_NOT_FOUND');
    assert.equal(reports.bothPromise, 'E_APP_NOT_FOUND');
    for (const label of ['stopUnknown', 'restartUnknown', 'deleteUnknown', 'scaleUnknown']) assert.equal(shape(label).err, 'E_APP_NOT_FOUND', label);
    assert.ok(shape('missingScript').err, 'a missing script is an error');
    // As the CLI reports it: a wait_ready app that misses listen_timeout fails its start.
    assert.ok(shape('notReady').err, 'a readiness timeout is an error');
    // PM2 answers a call that touched nothing with an error too.
    assert.equal(shape('stopAllNone').err, 'E_APP_NOT_FOUND');
  });

  test('callbacks are optional; delete all ends with nothing left', () => {
    assert.equal(shape('optionalCallback').err, null);
    assert.ok(shape('deleteAll').names.length > 0);
    assert.equal(reports.done, true);
  });
});

describe('API lifecycle calls, ES modules with promises', () => {
  let t: TestHome;
  let reports: Record<string, unknown>;
  before(async () => {
    t = makeHome('tend-api-');
    const project = new ApiProject(t);
    setup(project);
    const run = await project.run('promises.mjs', promiseScript);
    assert.equal(run.code, 0, run.stderr);
    reports = run.reports;
  });
  after(() => t.cleanup());
  const shape = (label: string): Shape => reports[label] as Shape;

  test('the same calls resolve with the same shapes and reject with the same errors', () => {
    assert.deepEqual(shape('script'), { err: null, names: ['ticker'], status: ['online'], restarts: [0] });
    assert.equal(shape('again').err, 'E_ALREADY_RUNNING');
    assert.deepEqual(shape('options').names, ['opts', 'opts']);
    assert.deepEqual(shape('scriptJson').names, ['fromjson']);
    assert.deepEqual(shape('file').names, ['eco']);
    assert.deepEqual(shape('appsObject').names, ['listed']);
    assert.deepEqual(shape('describe').names, ['ticker']);
    assert.deepEqual(shape('stop').status, ['stopped']);
    assert.deepEqual(shape('restartByPath').status, ['online']);
    assert.deepEqual(shape('reload').names, ['opts', 'opts']);
    assert.deepEqual(shape('scale').names, ['opts']);
    assert.deepEqual(shape('delete').names, ['fromjson']);
    assert.equal(shape('stopUnknown').err, 'E_APP_NOT_FOUND');
    assert.ok(shape('notReady').err);
    assert.equal(reports.done, true);
  });
});
