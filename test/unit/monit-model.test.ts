// The dashboard's plain-data side: sizes that always fit the terminal, rows of exact width, app
// output that cannot move the cursor, bounded log buffers. Pure: no terminal, no daemon.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LogBuffer, fit, hiddenNote, layoutFor, processRow, recordEvent, sanitize, scrollStart } from '../../src/cli/views/monit-model.js';
import type { ProcessRecord } from '../../src/protocol/messages.js';

function record(name: string, pm_id: number): ProcessRecord {
  return {
    pid: 1000 + pm_id,
    name,
    pm_id,
    pm2_env: {
      status: 'waiting restart',
      restart_time: 12,
      unstable_restarts: 0,
      pm_uptime: 0,
      created_at: 0,
      namespace: 'default',
      exec_mode: 'cluster_mode',
      instances: 2,
      env: {},
      source: 'cli',
      revision: null,
      exit_code: null,
      exit_signal: null,
      username: 'u',
    },
    monit: { cpu: 100.5, memory: 1.5 * 1024 ** 3 },
  };
}

describe('monit model', () => {
  test('the layout fills the terminal less one row, for any size and process count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 40, max: 400 }), fc.integer({ min: 13, max: 200 }), fc.integer({ min: 0, max: 500 }), (columns, rows, count) => {
        const layout = layoutFor(columns, rows, count);
        assert.equal(1 + layout.listHeight + layout.bottomHeight + 1, rows - 1);
        assert.equal(layout.metaWidth + layout.logsWidth, columns);
        assert.ok(layout.logRows >= 1);
        assert.ok(layout.listRows >= Math.min(Math.max(count, 1), 2), 'at least one row, two when there are two processes');
      }),
    );
    const small = layoutFor(80, 24, 3);
    assert.equal(small.listRows, 3, 'three processes fit in 80×24 without scrolling');
  });

  test('process rows have exactly the width asked for, whatever the values', () => {
    for (const width of [38, 78, 120]) {
      const row = processRow(record('a-very-long-application-name-indeed', 7), width, Date.now());
      assert.equal([...row].length, width);
    }
  });

  test('the selected row stays visible while scrolling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 40 }), fc.nat(), (total, visible, pick) => {
        const selected = total === 0 ? 0 : pick % total;
        const start = scrollStart(total, selected, visible);
        assert.ok(start >= 0);
        if (total > 0) assert.ok(selected >= start && selected < start + visible);
        if (total > visible) assert.ok(start + visible <= total);
      }),
    );
  });

  test('escape sequences and control characters from apps are stripped', () => {
    assert.equal(sanitize('\x1b[2J\x1b[31mred\x1b[0m\tdone\r\x07'), 'red  done');
    assert.equal(sanitize('\x1b]0;title\x07text'), 'text');
    assert.equal(fit('abcdef', 4), 'abc…');
    assert.equal(fit('ab', 4), 'ab  ');
  });

  test('the log buffer keeps the last lines of each app; events are labelled', () => {
    const buffer = new LogBuffer(3);
    for (let i = 0; i < 10; i++) buffer.push('a', { kind: 'out', text: `line ${i}` });
    assert.deepEqual(
      buffer.last('a', 10).map((entry) => entry.text),
      ['line 7', 'line 8', 'line 9'],
    );
    buffer.prepend('b', [{ kind: 'err', text: 'old' }]);
    recordEvent(buffer, { type: 'log', event: { pm_id: 4, name: 'b', stream: 'out', line: 'new', at: 0 } }, () => true);
    recordEvent(buffer, { type: 'lifecycle', event: { kind: 'online', pm_id: 4, name: 'b', pid: 99 } }, () => true);
    assert.deepEqual(
      buffer.last('b', 5).map((entry) => entry.text),
      ['old', '4| new', '[tend] 4 online (pid 99)'],
    );
    assert.equal(
      recordEvent(buffer, { type: 'daemon', event: { message: 'E_WATCH_LIMIT: …' } }, () => false),
      'E_WATCH_LIMIT: …',
    );
  });

  test('lines that arrived live while the files were read show once', () => {
    const buffer = new LogBuffer();
    for (const text of ['line 4', 'line 5']) buffer.push('a', { kind: 'out', text });
    buffer.push('a', { kind: 'err', text: 'oops 2' });
    const tail = ['line 1', 'line 2', 'line 3', 'line 4', 'line 5'].map((text) => ({ kind: 'out' as const, text }));
    buffer.prepend('a', [...tail, { kind: 'err', text: 'oops 1' }, { kind: 'err', text: 'oops 2' }]);
    assert.deepEqual(
      buffer.last('a', 20).map((entry) => entry.text),
      ['line 1', 'line 2', 'line 3', 'oops 1', 'line 4', 'line 5', 'oops 2'],
    );
    const fresh = new LogBuffer();
    fresh.push('b', { kind: 'out', text: 'after' });
    fresh.prepend('b', [{ kind: 'out', text: 'before' }]);
    assert.deepEqual(
      fresh.last('b', 5).map((entry) => entry.text),
      ['before', 'after'],
      'no overlap, nothing dropped',
    );
  });

  test('the title says how many processes do not fit', () => {
    assert.equal(hiddenNote(9, 5), ' · 4 hidden (↑/↓ to scroll)');
    assert.equal(hiddenNote(5, 5), '');
  });
});
