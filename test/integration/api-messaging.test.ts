// Issue 25 and issue 18 item 10: launchBus under PM2's event names and packets, tend's catch-all
// form, sendDataToProcessId in both forms, signals by name and id, and trigger answered as unsupported.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeHome, type TestHome } from '../support/daemon.js';
import { ApiProject } from '../support/api-project.js';

const callbackScript = `
const pm2 = require('pm2');
const seen = {};
const once = (label, value) => { if (!(label in seen)) { seen[label] = true; report(label, value); } };
pm2.connect((err) => {
  if (err) throw err;
  pm2.start({ script: './answerer.js', name: 'answerer' }, (err, procs) => {
    const id = procs[0].pm_id;
    pm2.launchBus((err, bus) => {
      if (err) throw err;
      let replies = 0;
      bus.on('process:msg', (packet) => {
        once('msg' + replies, { name: packet.process.name, pm_id: packet.process.pm_id, at: typeof packet.at, data: packet.data });
        replies++;
        if (replies === 1) pm2.sendDataToProcessId({ id, type: 'process:msg', data: { form: 'object' }, topic: 'greeting' }, (err, res) => once('sentObject', { err, res }));
        if (replies === 2) finish(bus, id);
      });
      bus.on('log:out', (packet) => once('logOut', { name: packet.process.name, data: packet.data, at: typeof packet.at }));
      bus.on((event) => once('catchAll', event.type === 'message' || event.type === 'log' || event.type === 'lifecycle'));
      bus.on('*', (name, packet) => once('wildcard', typeof name === 'string' && typeof packet.at === 'number'));
      pm2.sendDataToProcessId(id, { type: 'process:msg', data: { form: 'id' }, topic: true }, (err, res) => once('sentId', { err, res }));
    });
  });
});
function finish(bus, id) {
  pm2.sendDataToProcessId(999, { type: 'process:msg', data: {}, topic: true }, (err) => {
    report('unknownId', err && err.code);
    pm2.sendDataToProcessId({ type: 'process:msg', data: {} }, (err) => {
      report('missingId', err && err.code);
      bus.on('process:event', (packet) => { if (packet.event === 'online') once('event', { event: packet.event, name: packet.process.name }); });
      pm2.restart('answerer', () => {
        pm2.trigger(id, 'an-action', (err) => {
          report('trigger', err && err.code);
          pm2.getProcessIdByName('answerer', (err, ids) => {
            report('ids', ids);
            bus.close();
            pm2.killDaemon(() => pm2.disconnect(() => report('done', true)));
          });
        });
      });
    });
  });
}
`;

describe('API messaging, CommonJS with callbacks', () => {
  let t: TestHome;
  let reports: Record<string, unknown>;
  before(async () => {
    t = makeHome('tend-api-');
    const run = await new ApiProject(t).run('bus.cjs', callbackScript);
    assert.equal(run.code, 0, run.stderr);
    reports = run.reports;
  });
  after(() => t.cleanup());

  test("bus.on('process:msg') gets PM2's packet: process.{pm_id,name}, data, at", () => {
    assert.deepEqual(reports.msg0, { name: 'answerer', pm_id: 0, at: 'number', data: { reply: { form: 'id' }, topic: true, id: 0 } });
    assert.deepEqual(reports.msg1, { name: 'answerer', pm_id: 0, at: 'number', data: { reply: { form: 'object' }, topic: 'greeting', id: 0 } });
  });

  test("log:out and process:event arrive under PM2's names; the catch-all and '*' forms work too", () => {
    assert.deepEqual(reports.logOut, { name: 'answerer', data: 'answerer got {"form":"id"}\n', at: 'number' });
    assert.deepEqual(reports.event, { event: 'online', name: 'answerer' });
    assert.equal(reports.catchAll, true);
    assert.equal(reports.wildcard, true);
  });

  test('sendDataToProcessId takes (id, packet) and ({ id, type, data, topic }); its errors reach the callback', () => {
    assert.deepEqual(reports.sentId, { err: null, res: { delivered: true, id: 0 } });
    assert.deepEqual(reports.sentObject, { err: null, res: { delivered: true, id: 0 } });
    assert.equal(reports.unknownId, 'E_APP_NOT_FOUND');
    assert.equal(reports.missingId, 'E_USAGE');
  });

  test('trigger is answered as not supported; getProcessIdByName gives the ids', () => {
    assert.equal(reports.trigger, 'E_NOT_SUPPORTED');
    assert.deepEqual(reports.ids, [0]);
    assert.equal(reports.done, true);
  });
});

describe('API messaging, ES modules with promises', () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-api-');
  });
  after(() => t.cleanup());

  test('signals by name and by id reach the app; a message with its own type is emitted under it', async () => {
    const run = await new ApiProject(t).run(
      'signals.mjs',
      `
      import pm2 from 'pm2';
      const [proc] = await pm2.start({ script: './on-signal.js', name: 'sig', wait_ready: true });
      const [typed] = await pm2.start({ script: './typed.js', name: 'typed' });
      const bus = await pm2.launchBus();
      // Two signals sent at once may arrive as one: wait for each line before the next signal.
      const signalLine = () => new Promise((resolve) => bus.once('log:out', function seen(packet) { if (packet.data.includes('SIGUSR2')) resolve(); else bus.once('log:out', seen); }));
      const custom = new Promise((resolve) => bus.on('custom:event', (packet) => resolve(packet)));
      let line = signalLine();
      report('byName', (await pm2.sendSignalToProcessName('SIGUSR2', 'sig')).map((p) => p.name));
      await line;
      line = signalLine();
      report('byId', (await pm2.sendSignalToProcessId('SIGUSR2', proc.pm_id)).map((p) => p.name));
      await line;
      await pm2.sendDataToProcessId(typed.pm_id, { type: 'process:msg', data: {}, topic: true });
      const packet = await custom;
      report('custom', { name: packet.process.name, data: packet.data });
      report('unknownSignalTarget', await pm2.sendSignalToProcessName('SIGUSR2', 'nope').then(() => null, (error) => error.code));
      report('trigger', await pm2.trigger(proc.pm_id, 'act').then(() => null, (error) => error.code));
      bus.close();
      await pm2.killDaemon();
      await pm2.disconnect();
      `,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.reports.byName, ['sig']);
    assert.deepEqual(run.reports.byId, ['sig']);
    assert.deepEqual(run.reports.custom, { name: 'typed', data: { custom: true } });
    assert.equal(run.reports.unknownSignalTarget, 'E_APP_NOT_FOUND');
    assert.equal(run.reports.trigger, 'E_NOT_SUPPORTED');
  });
});
