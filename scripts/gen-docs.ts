// Regenerates the files derived from catalogs: docs/errors.md (and more as generators are added).
import { writeFileSync } from 'node:fs';
import { renderErrorsDoc } from '../src/errors/doc.js';

writeFileSync(new URL('../../docs/errors.md', import.meta.url), renderErrorsDoc());
