// tend's version and the daemon protocol version, read once from package.json.
import { readFileSync } from 'node:fs';

// A file URL relative to this module (scripts/bundle.js re-points it when the module is bundled).
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export const version: string = manifest.version;
