// Builds the desired state a command sends to the daemon: from an ecosystem file, or from a script
// and PM2-style flags. Both go through the same loader/normalizer of src/ecosystem.
import { loadEcosystem, loadEcosystemText, normalizeApps } from '../ecosystem/load.js';
import { isEcosystemFile } from '../ecosystem/find.js';
import { rawAppFromCli } from '../ecosystem/catalog.js';
import type { AppSpec } from '../ecosystem/types.js';
import { printWarning } from './views/output.js';
import { splitList } from './options.js';
import { logicalCwd } from '../workspace/cwd.js';

export interface FileOptions {
  env?: string;
  only?: string;
  strict?: boolean;
}

/** `-` stands for an ecosystem given as JSON on standard input (`cat apps.json | tend start -`). */
export function isFileArgument(argument: string): boolean {
  return argument === '-' || isEcosystemFile(argument);
}

export async function desiredFromFile(file: string | undefined, options: FileOptions): Promise<{ source: string; specs: AppSpec[] }> {
  const only = splitList(options.only);
  const loadOptions = {
    cwd: logicalCwd(),
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(only === undefined ? {} : { only }),
    ...(options.strict === undefined ? {} : { strict: options.strict }),
  };
  const loaded = file === '-' ? loadEcosystemText(await readStdin(), loadOptions) : await loadEcosystem(file, loadOptions);
  for (const warning of loaded.warnings) printWarning(`${warning.message}${warning.hint ? ` (${warning.hint})` : ''}`);
  return { source: loaded.file, specs: loaded.apps };
}

export function desiredFromScript(script: string, args: string[], options: Record<string, unknown>): AppSpec[] {
  const raw = rawAppFromCli(script, args, options);
  const normalized = normalizeApps([raw], { baseDir: logicalCwd() });
  for (const warning of normalized.warnings) printWarning(`${warning.message}${warning.hint ? ` (${warning.hint})` : ''}`);
  return normalized.apps;
}

async function readStdin(): Promise<string> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk as string;
  return text;
}

/** Apps written as an ecosystem file would have them (`tend import pm2`), relative to the caller's cwd. */
export function desiredFromRaw(rawApps: unknown[]): AppSpec[] {
  const normalized = normalizeApps(rawApps, { baseDir: logicalCwd() });
  for (const warning of normalized.warnings) printWarning(`${warning.message}${warning.hint ? ` (${warning.hint})` : ''}`);
  return normalized.apps;
}
