// Issue 25: PM2's log and stdin calls against a real daemon and real apps — streamLogs (printed to
// stdout as `tend logs` prints, and emitted to code), printLogs, sendLineToStdin (with a separator)
// and attach (output here, stdin's lines to the app) — with callbacks, then with promises.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeHome, waitFor, type TestHome } from '../support/daemon.js';
import { ApiProject, type ScriptRun } from '../support/api-project.js';

const callbackScript = `
const pm2 = require('pm2');
pm2.start({ script: './ticker.js', name: 'ticker' }, (err) => {
  if (err) throw err;
  pm2.streamLogs('ticker', 0, true, (err, stream) => {
    if (err) throw err;
    let count = 0;
    stream.on('line', (line) => {
      report('streamed', { name: line.name, stream: line.stream, line: line.line, at: typeof line.at });
      // By the second live line the first is in the file for printLogs to read.
      if (++count !== 2) return;
      stream.close();
      pm2.printLogs('ticker', 3, false, false, 'out', (err, lines) => {
        report('printed', { err, count: lines.length, first: lines[0] });
        pm2.streamLogs('nope', 0, (err) => {
          report('unknownStream', err && err.code);
          stdin();
        });
      });
    });
  });
});
function stdin() {
  pm2.start({ script: './echo.js', name: 'echo' }, (err, procs) => {
    if (err) throw err;
    const id = procs[0].pm_id;
    pm2.launchBus((err, bus) => {
      const echoed = [];
      bus.on('log:out', (packet) => {
        if (packet.process.name !== 'echo') return;
        echoed.push(packet.data);
        if (echoed.length === 2) {
          report('echoed', echoed);
          bus.close();
          errors();
        }
      });
      pm2.sendLineToStdin(id, 'hello', (err, res) => {
        report('sent', { err, names: res.map((p) => p.name) });
        pm2.sendLineToStdin('echo', 'with separator', ';', (err) => report('sentSeparator', err));
      });
    });
  });
}
function errors() {
  pm2.sendLineToStdin('nope', 'x', (err) => {
    report('unknownTarget', err && err.code);
    pm2.stop('echo', () => {
      pm2.sendLineToStdin('echo', 'x', (err) => {
        report('stopped', err && err.code);
        pm2.attach('echo', (err) => {
          report('attachByName', err && err.code);
          pm2.killDaemon(() => pm2.disconnect(() => report('done', true)));
        });
      });
    });
  });
}
`;

describe('API logs and stdin, CommonJS with callbacks', () => {
  let t: TestHome;
  let run: ScriptRun;
  before(async () => {
    t = makeHome('tend-api-');
    run = await new ApiProject(t).run('logs.cjs', callbackScript);
    assert.equal(run.code, 0, run.stderr);
  });
  after(() => t.cleanup());

  test("streamLogs gives the app's live lines to code and prints them to stdout (raw: the text alone)", () => {
    assert.deepEqual(run.reports.streamed, { name: 'ticker', stream: 'out', line: 'tick', at: 'number' });
    assert.match(run.stdout, /^tick$/m);
  });

  test('printLogs prints the tail as `tend logs` does (id|name | text) and returns the lines', () => {
    const printed = run.reports.printed as { err: null; count: number; first: { name: string; stream: string; line: string } };
    assert.equal(printed.err, null);
    assert.ok(printed.count >= 1 && printed.count <= 3, `printed ${printed.count} lines`);
    assert.deepEqual(printed.first, { pm_id: 0, name: 'ticker', stream: 'out', line: 'tick' });
    assert.match(run.stdout, /^0\|ticker \| tick$/m);
    assert.equal(run.reports.unknownStream, 'E_APP_NOT_FOUND');
  });

  test("sendLineToStdin reaches the app's stdin, by id or name, with PM2's separator", () => {
    assert.deepEqual(run.reports.sent, { err: null, names: ['echo'] });
    assert.equal(run.reports.sentSeparator, null);
    assert.deepEqual(run.reports.echoed, ['echo:hello\n', 'echo:with separator;\n']);
  });

  test('errors reach the callback: unknown target, stopped app, attach by name (PM2 takes an id)', () => {
    assert.equal(run.reports.unknownTarget, 'E_APP_NOT_FOUND');
    assert.equal(run.reports.stopped, 'E_NOT_RUNNING');
    assert.equal(run.reports.attachByName, 'E_USAGE');
    assert.equal(run.reports.done, true);
  });
});

describe('API logs and stdin, ES modules with promises', () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-api-');
  });
  after(() => t.cleanup());

  test('attach prints the app output and sends the lines typed on stdin; it settles when stdin ends', async () => {
    let output = '';
    const run = await new ApiProject(t).run(
      'attach.mjs',
      `
      import pm2 from 'pm2';
      const [proc] = await pm2.start({ script: './echo.js', name: 'echo' });
      const stream = await pm2.streamLogs('echo', 0);
      const line = new Promise((resolve) => stream.once('line', resolve));
      await pm2.sendLineToStdin(proc.pm_id, 'by promise');
      report('streamed', (await line).line);
      stream.close();
      // The file gets the line just after the stream does: read until it is there (10 s at most).
      let printed = [];
      for (const deadline = Date.now() + 10000; printed.length === 0 && Date.now() < deadline; ) {
        printed = await pm2.printLogs(proc.pm_id, 5, true);
        if (printed.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      report('printed', printed.map((entry) => entry.line));
      report('attaching', true);
      await pm2.attach(proc.pm_id);
      report('attachEnded', true);
      report('unknownAttach', await pm2.attach(99).then(() => null, (error) => error.code));
      report('unknownPrint', await pm2.printLogs('nope').then(() => null, (error) => error.code));
      await pm2.killDaemon();
      await pm2.disconnect();
      `,
      {
        onStart: (child) => {
          child.stdout?.on('data', (chunk: Buffer | string) => (output += String(chunk)));
          // Typed only once attach is there; the app's echo printed by attach ends the input.
          void waitFor('the script to attach', () => output.includes('"attaching"'), 60_000)
            .then(() => child.stdin?.write('typed here\n'))
            .then(() => waitFor('attach to print the echo', () => output.includes('echo:typed here'), 60_000))
            .then(() => child.stdin?.end());
        },
      },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.reports.streamed, 'echo:by promise');
    assert.deepEqual(run.reports.printed, ['echo:by promise']);
    assert.match(run.stdout, /^echo:typed here$/m);
    assert.equal(run.reports.attachEnded, true);
    assert.equal(run.reports.unknownAttach, 'E_APP_NOT_FOUND');
    assert.equal(run.reports.unknownPrint, 'E_APP_NOT_FOUND');
  });
});
