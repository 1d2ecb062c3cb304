// sameData: the planner's "unchanged" check, so it must agree with a JSON patch that is empty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameData } from '../../../src/ecosystem/same-data.js';

test('equal whatever the key order, at every depth', () => {
  assert.equal(sameData({ a: 1, b: { c: [1, 'x'], d: null } }, { b: { d: null, c: [1, 'x'] }, a: 1 }), true);
});

test('a member set to undefined is the same as an absent one, as in JSON', () => {
  assert.equal(sameData({ a: 1, b: undefined }, { a: 1 }), true);
  assert.equal(sameData({ a: 1 }, { a: 1, b: undefined }), true);
});

test('any difference of value, type, length, order of a list or extra key is seen', () => {
  const cases: Array<[unknown, unknown]> = [
    [{ a: 1 }, { a: 2 }],
    [{ a: '1' }, { a: 1 }],
    [{ a: [1, 2] }, { a: [2, 1] }],
    [{ a: [1] }, { a: [1, 1] }],
    [{ a: {} }, { a: [] }],
    [{ a: null }, { a: {} }],
    [{ a: 1 }, { a: 1, b: 0 }],
    [
      { a: 1, b: 0 },
      { a: 1, c: 0 },
    ],
  ];
  for (const [left, right] of cases) {
    assert.equal(sameData(left, right), false, JSON.stringify([left, right]));
    assert.equal(sameData(right, left), false, JSON.stringify([right, left]));
  }
});
