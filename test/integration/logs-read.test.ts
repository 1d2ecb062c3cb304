// The reading helpers of `tend logs` on real files: last N lines read backwards, the daemon's log.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readDaemonLog, readLastLines, renderDaemonLogLine } from '../../src/workspace/log-files.js';
import { floodLine } from '../fixtures/log-apps/lines.js';
import { tempHome } from '../support/log-apps.js';

test('last N lines of a large file, multibyte text intact, with or without a final newline', async () => {
  const dir = tempHome();
  const lines = Array.from({ length: 100_000 }, (_, index) => floodLine('t', index + 1));
  const path = join(dir, 'big.log');
  writeFileSync(path, `${lines.join('\n')}\n`);
  assert.deepEqual(await readLastLines(path, 15), lines.slice(-15));
  assert.deepEqual(await readLastLines(path, 1000), lines.slice(-1000));
  assert.deepEqual(await readLastLines(path, 1), lines.slice(-1));
  writeFileSync(path, lines.slice(0, 3000).join('\n'));
  assert.deepEqual(await readLastLines(path, 2), lines.slice(2998, 3000));
  assert.deepEqual(await readLastLines(path, 5000), lines.slice(0, 3000));
});

test('small, empty and missing files; blank lines are lines', async () => {
  const dir = tempHome();
  const path = join(dir, 'small.log');
  writeFileSync(path, 'a\n\nb\n');
  assert.deepEqual(await readLastLines(path, 10), ['a', '', 'b']);
  assert.deepEqual(await readLastLines(path, 2), ['', 'b']);
  assert.deepEqual(await readLastLines(path, 0), []);
  writeFileSync(path, '');
  assert.deepEqual(await readLastLines(path, 10), []);
  writeFileSync(path, '\n');
  assert.deepEqual(await readLastLines(path, 10), ['']);
  assert.deepEqual(await readLastLines(join(dir, 'missing.log'), 10), []);
});

test('the byte bound keeps only whole lines', async () => {
  const dir = tempHome();
  const path = join(dir, 'long.log');
  writeFileSync(path, `${'x'.repeat(300_000)}\nshort\n`);
  assert.deepEqual(await readLastLines(path, 5, 100_000), ['short']);
  assert.deepEqual(await readLastLines(path, 5), ['x'.repeat(300_000), 'short']);
});

test('the daemon log renders pino JSON readably', async () => {
  const dir = tempHome();
  const path = join(dir, 'tend.log');
  const time = new Date(2024, 4, 1, 12, 0, 0).getTime();
  writeFileSync(
    path,
    [
      JSON.stringify({ level: 30, time, pid: 1, hostname: 'h', msg: 'daemon listening', socket: '/tmp/rpc.sock' }),
      JSON.stringify({
        level: 50,
        time,
        pid: 1,
        msg: 'cannot write state',
        err: { type: 'Error', message: 'boom', code: 'ENOSPC', stack: 'Error: boom\n    at x' },
      }),
      'not json',
    ].join('\n') + '\n',
  );
  assert.deepEqual(await readDaemonLog(path, 10), [
    '2024-05-01 12:00:00 INFO  daemon listening socket=/tmp/rpc.sock',
    '2024-05-01 12:00:00 ERROR cannot write state code=ENOSPC\n    Error: boom\n        at x',
    'not json',
  ]);
  assert.equal(renderDaemonLogLine(JSON.stringify({ level: 40, time, msg: 'x', app: 'my app' })), '2024-05-01 12:00:00 WARN  x app="my app"');
});
