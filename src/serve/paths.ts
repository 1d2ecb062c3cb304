// Where the built-in apps' compiled entry scripts are, so the CLI can start them as managed apps.
import { fileURLToPath } from 'node:url';

/** Absolute path of the compiled static file server (dist/src/serve/serve.js). */
export const serveScriptPath: string = fileURLToPath(new URL('./serve.js', import.meta.url));
