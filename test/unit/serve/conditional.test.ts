import { test } from 'node:test';
import assert from 'node:assert/strict';
import { etagOf, isNotModified, lastModifiedOf } from '../../../src/serve/static/conditional.js';

const file = { size: 1234, mtimeMs: Date.parse('2024-05-01T10:00:00.750Z') };

test('the etag changes with size and mtime', () => {
  assert.match(etagOf(file), /^W\/"[0-9a-f]+-[0-9a-f]+"$/);
  assert.notEqual(etagOf(file), etagOf({ ...file, size: 1235 }));
  assert.notEqual(etagOf(file), etagOf({ ...file, mtimeMs: file.mtimeMs + 1000 }));
});

test('If-None-Match matches weakly, in lists and with *', () => {
  const tag = etagOf(file);
  assert.ok(isNotModified({ ifNoneMatch: tag, ifModifiedSince: undefined }, file));
  assert.ok(isNotModified({ ifNoneMatch: tag.slice(2), ifModifiedSince: undefined }, file));
  assert.ok(isNotModified({ ifNoneMatch: `"other", ${tag}`, ifModifiedSince: undefined }, file));
  assert.ok(isNotModified({ ifNoneMatch: '*', ifModifiedSince: undefined }, file));
  assert.ok(!isNotModified({ ifNoneMatch: '"other"', ifModifiedSince: undefined }, file));
});

test('If-None-Match wins over If-Modified-Since', () => {
  assert.ok(!isNotModified({ ifNoneMatch: '"other"', ifModifiedSince: lastModifiedOf(file) }, file));
});

test('If-Modified-Since compares at one-second resolution', () => {
  assert.ok(isNotModified({ ifNoneMatch: undefined, ifModifiedSince: lastModifiedOf(file) }, file));
  assert.ok(isNotModified({ ifNoneMatch: undefined, ifModifiedSince: 'Wed, 01 May 2024 10:00:05 GMT' }, file));
  assert.ok(!isNotModified({ ifNoneMatch: undefined, ifModifiedSince: 'Wed, 01 May 2024 09:59:59 GMT' }, file));
  assert.ok(!isNotModified({ ifNoneMatch: undefined, ifModifiedSince: 'not a date' }, file));
  assert.ok(!isNotModified({ ifNoneMatch: undefined, ifModifiedSince: undefined }, file));
});
