// The process table's drawing: cli-table3's default layout (rules between rows, one space of padding),
// widths in terminal columns (wide characters count two, colour codes none). Pure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderBoxTable } from '../../src/cli/views/box-table.js';

test('a boxed table pads every cell to its column, counting terminal columns', () => {
  const table = renderBoxTable(
    ['id', 'name', 'status'],
    [
      ['0', 'api', '\u001b[32monline\u001b[39m'],
      ['10', '中文名', 'stopped'],
    ],
    { color: false },
  );
  assert.equal(
    table,
    [
      '┌────┬────────┬─────────┐',
      '│ id │ name   │ status  │',
      '├────┼────────┼─────────┤',
      '│ 0  │ api    │ \u001b[32monline\u001b[39m  │',
      '├────┼────────┼─────────┤',
      '│ 10 │ 中文名 │ stopped │',
      '└────┴────────┴─────────┘',
    ].join('\n'),
  );
});

test('a table without rows is its head', () => {
  assert.equal(renderBoxTable(['id', ''], [], { color: false }), ['┌────┬──┐', '│ id │  │', '└────┴──┘'].join('\n'));
});
