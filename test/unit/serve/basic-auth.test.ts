import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAuthorized } from '../../../src/serve/static/basic-auth.js';

const expected = { username: 'ada', password: 'p:ss wörd' };
const header = (text: string): string => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

test('accepts the right credentials (password may hold colons and UTF-8)', () => {
  assert.ok(isAuthorized(header('ada:p:ss wörd'), expected));
  assert.ok(isAuthorized(header('ada:p:ss wörd').replace('Basic', 'basic'), expected));
});

test('refuses wrong, partial, missing or malformed credentials', () => {
  for (const value of [
    undefined,
    '',
    'Bearer x',
    'Basic',
    'Basic !!!',
    header('ada'),
    header('ada:wrong'),
    header('bob:p:ss wörd'),
    header(':'),
    header('ada:p:ss wörd '),
  ]) {
    assert.ok(!isAuthorized(value, expected), String(value));
  }
});
