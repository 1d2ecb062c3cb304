// Regenerates the files derived from the field catalog: manifests/ecosystem.schema.json and docs/ecosystem.md.
import { writeFileSync } from 'node:fs';
import { renderSchema } from '../src/ecosystem/schema.js';
import { renderEcosystemDoc } from '../src/ecosystem/doc.js';

writeFileSync(new URL('../../manifests/ecosystem.schema.json', import.meta.url), renderSchema());
writeFileSync(new URL('../../docs/ecosystem.md', import.meta.url), renderEcosystemDoc());
