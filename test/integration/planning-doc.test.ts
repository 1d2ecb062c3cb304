// docs/planning.md is generated from the plan vocabularies; this keeps the file fresh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderPlanningDoc } from '../../src/reconciler/doc.js';
import { planActions, reasonCodes } from '../../src/reconciler/vocabulary.js';

test('docs/planning.md lists exactly the plan actions and reasons (run `npm run docs` to refresh)', () => {
  const doc = readFileSync(new URL('../../../docs/planning.md', import.meta.url), 'utf8');
  assert.equal(doc, renderPlanningDoc(doc));
  for (const action of planActions) assert.match(doc, new RegExp(`\\| ${action} \\|`));
  for (const reason of reasonCodes) assert.match(doc, new RegExp(`\\| \`${reason}\` \\|`));
});
