import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderErrorsDoc } from '../../src/errors/doc.js';
import { errorCatalog } from '../../src/errors/index.js';

test('docs/errors.md lists exactly the codes of the catalog (run `npm run docs` to refresh)', () => {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  assert.equal(doc, renderErrorsDoc());
});

test('every catalog entry has a one-line summary and hint', () => {
  for (const [code, entry] of Object.entries(errorCatalog)) {
    assert.match(code, /^E_[A-Z0-9_]+$/);
    assert.ok(entry.summary.length > 0 && !entry.summary.includes('\n'), code);
    assert.ok(entry.hint.length > 0 && !entry.hint.includes('\n'), code);
  }
});
