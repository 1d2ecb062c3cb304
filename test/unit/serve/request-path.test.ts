import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { looksLikeRoute, parseRequestPath, urlPathOf } from '../../../src/serve/static/request-path.js';
import { isInside } from '../../../src/serve/static/locate.js';

test('plain paths split into decoded segments', () => {
  assert.deepEqual(parseRequestPath('/a/b%20c/d.txt?x=1#y'), { kind: 'path', segments: ['a', 'b c', 'd.txt'], trailingSlash: false });
  assert.deepEqual(parseRequestPath('/'), { kind: 'path', segments: [], trailingSlash: true });
  assert.deepEqual(parseRequestPath('//a//b/'), { kind: 'path', segments: ['a', 'b'], trailingSlash: true });
});

test('every lexical traversal form is forbidden', () => {
  const attempts = [
    '/../etc/passwd',
    '/a/../../etc/passwd',
    '/%2e%2e/etc/passwd',
    '/%2E%2E/etc/passwd',
    '/.%2e/etc/passwd',
    '/a/..%2f..%2fetc/passwd',
    '/a/%2e%2e%2f%2e%2e%2fetc',
    '/..\\etc\\passwd',
    '/a%5c..%5cetc',
    '/a%00.html',
    '/./a',
    '/a/%2f/etc',
  ];
  for (const attempt of attempts) assert.equal(parseRequestPath(attempt).kind, 'forbidden', attempt);
});

test('double-encoded dots stay a literal name and never become ".."', () => {
  assert.deepEqual(parseRequestPath('/%252e%252e/etc'), { kind: 'path', segments: ['%2e%2e', 'etc'], trailingSlash: false });
});

test('hidden files are reported as hidden, except .well-known', () => {
  assert.equal(parseRequestPath('/.git/config').kind, 'hidden');
  assert.equal(parseRequestPath('/app/.env').kind, 'hidden');
  assert.equal(parseRequestPath('/.well-known/security.txt').kind, 'path');
});

test('malformed targets are malformed', () => {
  assert.equal(parseRequestPath('/a%zz').kind, 'malformed');
  assert.equal(parseRequestPath('http://example.com/a').kind, 'malformed');
  assert.equal(parseRequestPath('*').kind, 'malformed');
});

test('any request target either is refused or names a path inside the root', () => {
  const root = resolve('/srv/www');
  const pieces = fc.constantFrom('a', '.', '..', '%2e', '%2E', '%2f', '%5c', '\\', '/', '%00', '%25', '%252e', 'b.txt', '?', '#');
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
      const parsed = parseRequestPath(`/${parts.join('')}`);
      if (parsed.kind !== 'path') return;
      assert.ok(isInside(root, join(root, ...parsed.segments)));
      assert.ok(!parsed.segments.some((segment) => segment === '..' || segment.includes('/') || segment.includes('\\')));
    }),
    { numRuns: 2000 },
  );
});

test('redirect paths never start with // and keep names encoded', () => {
  assert.equal(urlPathOf(['evil.com'], true), '/evil.com/');
  assert.equal(urlPathOf(['a b', 'c'], true), '/a%20b/c/');
  assert.equal(urlPathOf([], true), '/');
});

test('routes are extension-less last segments', () => {
  assert.ok(looksLikeRoute(['users', '42']));
  assert.ok(looksLikeRoute([]));
  assert.ok(!looksLikeRoute(['app.js']));
});
