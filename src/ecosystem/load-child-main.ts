// Child entry for load-child.ts: loads one ecosystem file and prints its normalized apps as one JSON
// line on stdout, or the error. Runs in its own short-lived process so that the code of a JS
// ecosystem file never runs inside the daemon.
import { asTendError } from '../errors/index.js';
import { loadEcosystem } from './load.js';

const [file, cwd, env] = process.argv.slice(2);

try {
  if (file === undefined || cwd === undefined) throw new Error('usage: load-child-main <file> <cwd> [env]');
  const loaded = await loadEcosystem(file, { cwd, ...(env ? { env } : {}) });
  process.stdout.write(`${JSON.stringify({ ok: true, apps: loaded.apps, warnings: loaded.warnings.map((w) => w.message) })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ ok: false, error: asTendError(error).toJSON() })}\n`);
  process.exitCode = 1;
}
