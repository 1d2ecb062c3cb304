import assert from 'node:assert/strict';
import { test } from 'node:test';
import dayjs from 'dayjs';
import { formatDaemonLine, formatLogLine, formatTailHeading, nameWidthOf } from '../../../src/format/log-lines.js';

const at = Date.UTC(2024, 4, 1, 12, 0, 0);
const fromFile = { pm_id: 2, name: 'api', stream: 'out' as const, line: 'GET / 200' };
const entry = { ...fromFile, at };

test('plain: `id|name | line`, names padded to align', () => {
  assert.equal(formatLogLine(entry, { color: false }), '2|api | GET / 200');
  assert.equal(formatLogLine(entry, { color: false, nameWidth: nameWidthOf(['api', 'worker']) }), '2|api    | GET / 200');
});

test('colours on a terminal: the prefix per app, stderr in red, highlight', () => {
  const coloured = formatLogLine(entry, { color: true, highlight: '200' });
  assert.notEqual(coloured, '2|api | GET / 200');
  assert.equal(coloured.replace(/\x1b\[[0-9;]*m/gu, ''), '2|api | GET / 200');
  const err = formatLogLine({ ...entry, stream: 'err' }, { color: true });
  assert.ok(err.startsWith('\x1b[31m'));
  assert.equal(formatLogLine(entry, { color: false, highlight: '200' }), '2|api | GET / 200');
});

test('--raw is the line alone; --json one object; continued lines keep their mark', () => {
  assert.equal(formatLogLine(entry, { color: false, raw: true }), 'GET / 200');
  assert.deepEqual(JSON.parse(formatLogLine(entry, { color: false, json: true })), {
    message: 'GET / 200',
    timestamp: '2024-05-01T12:00:00.000Z',
    type: 'out',
    process_id: 2,
    app_name: 'api',
  });
  assert.equal((JSON.parse(formatLogLine(fromFile, { color: false, json: true })) as { timestamp: unknown }).timestamp, null);
  assert.equal(formatLogLine({ ...entry, continued: true }, { color: false, raw: true }), '↳ GET / 200');
});

test('--timestamp puts the formatted time first, for lines whose time is known', () => {
  const stamp = dayjs(at).format('YYYY-MM-DD-HH:mm:ss');
  assert.equal(formatLogLine(entry, { color: false, timestamp: 'YYYY-MM-DD-HH:mm:ss' }), `${stamp} 2|api | GET / 200`);
  assert.equal(formatLogLine(fromFile, { color: false, timestamp: 'YYYY' }), '2|api | GET / 200');
});

test('tail heading and daemon lines', () => {
  assert.equal(formatTailHeading('/l/api-out.log', 15, { color: false }), '/l/api-out.log last 15 lines:');
  assert.equal(formatTailHeading('/l/api-out.log', 15, { color: false, raw: true }), null);
  assert.equal(formatDaemonLine('2024-05-01 12:00:00 INFO  up', { color: false }), 'tend | 2024-05-01 12:00:00 INFO  up');
  assert.equal(formatDaemonLine('x', { color: false, raw: true }), 'x');
});
