// Regenerates the files derived from catalogs: docs/errors.md, and the tables of docs/planning.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { renderErrorsDoc } from '../src/errors/doc.js';
import { renderPlanningDoc } from '../src/reconciler/doc.js';

writeFileSync(new URL('../../docs/errors.md', import.meta.url), renderErrorsDoc());

const planning = new URL('../../docs/planning.md', import.meta.url);
writeFileSync(planning, renderPlanningDoc(readFileSync(planning, 'utf8')));
