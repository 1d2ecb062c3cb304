import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration, parseMemory } from '../../../src/ecosystem/units.js';

test('memory sizes: bytes, K, M, G (powers of 1024), case-insensitive, optional B', () => {
  assert.equal(parseMemory(1048576), 1048576);
  assert.equal(parseMemory('2048'), 2048);
  assert.equal(parseMemory('512K'), 512 * 1024);
  assert.equal(parseMemory('300M'), 300 * 1024 ** 2);
  assert.equal(parseMemory('300mb'), 300 * 1024 ** 2);
  assert.equal(parseMemory('1G'), 1024 ** 3);
  assert.equal(parseMemory('1.5G'), 1.5 * 1024 ** 3);
  for (const bad of ['abc', '10X', '-5M', '', 1.5, -1, null, true]) assert.equal(parseMemory(bad), undefined, String(bad));
});

test('durations: ms numbers, or ms/s/m/h/d units', () => {
  assert.equal(parseDuration(1000), 1000);
  assert.equal(parseDuration('1000'), 1000);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('5s'), 5000);
  assert.equal(parseDuration('2m'), 120_000);
  assert.equal(parseDuration('1h'), 3_600_000);
  assert.equal(parseDuration('1.5s'), 1500);
  for (const bad of ['5 minutes', 'x', '-1s', -1, null, false]) assert.equal(parseDuration(bad), undefined, String(bad));
});
