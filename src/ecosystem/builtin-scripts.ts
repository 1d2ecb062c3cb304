// Scripts tend ships as apps: `script: 'serve'` names the static file server. Its compiled entry is
// found by path only; the ecosystem language imports nothing of the features.
import { fileURLToPath } from 'node:url';

/** Absolute path of the compiled static file server (dist/src/serve/serve.js). */
export const serveScriptPath: string = fileURLToPath(new URL('../serve/serve.js', import.meta.url));
