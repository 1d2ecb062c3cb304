import assert from 'node:assert/strict';
import { test } from 'node:test';
import dayjs from 'dayjs';
import { createLineFormatter } from '../../../src/daemon/logs/format.js';
import { CONTINUATION_MARK } from '../../../src/protocol/events.js';

const at = Date.UTC(2024, 4, 1, 12, 30, 45, 123);
const base = { name: 'api', log_date_format: null, log_type: 'raw' } as const;

test('raw lines are written as captured, with a newline', () => {
  const formatter = createLineFormatter(base, 0);
  assert.equal(formatter.format(Buffer.from('héllo'), 'out', false, at).toString(), 'héllo\n');
  assert.equal(formatter.format(Buffer.from('rest'), 'out', true, at).toString(), `${CONTINUATION_MARK}rest\n`);
});

test('log_date_format prefixes every line with `<date>: `', () => {
  const formatter = createLineFormatter({ ...base, log_date_format: 'YYYY-MM-DDTHH:mm:ss' }, 0);
  const date = dayjs(at).format('YYYY-MM-DDTHH:mm:ss');
  assert.equal(formatter.format(Buffer.from('a'), 'err', false, at).toString(), `${date}: a\n`);
  assert.equal(formatter.format(Buffer.from('b'), 'err', false, at + 1000).toString(), `${dayjs(at + 1000).format('YYYY-MM-DDTHH:mm:ss')}: b\n`);
});

test('log_type json writes one object per line', () => {
  const formatter = createLineFormatter({ ...base, log_type: 'json' }, 7);
  const record: unknown = JSON.parse(formatter.format(Buffer.from('say "hi"'), 'err', false, at).toString());
  assert.deepEqual(record, { message: 'say "hi"', timestamp: '2024-05-01T12:30:45.123Z', type: 'err', process_id: 7, app_name: 'api' });
  const dated = createLineFormatter({ ...base, log_type: 'json', log_date_format: 'YYYY' }, 7);
  const piece = JSON.parse(dated.format(Buffer.from('x'), 'out', true, at).toString()) as Record<string, unknown>;
  assert.equal(piece.timestamp, '2024');
  assert.equal(piece.continued, true);
  assert.ok(dated.format(Buffer.from('x'), 'out', false, at).toString().endsWith('}\n'));
});
