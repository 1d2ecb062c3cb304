// Reads what an export needs: the file's normalized apps (with --env), the env of every env_<name>
// overlay, the apps' `x-` keys, and whether the project has a package.json.
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { loadEcosystem, type LoadOptions } from '../ecosystem/load.js';
import type { SpecProblem } from '../ecosystem/problems.js';
import { buildModel, overlayNames } from './model.js';
import { dnsLabel } from './names.js';
import type { OptionName } from './options.js';
import type { ExportModel, ExportTarget } from './types.js';

export interface ExportLoadOptions {
  target: ExportTarget;
  file: string | undefined;
  cwd: string;
  env?: string;
  only?: string[];
  /** The out directory (absolute or relative to cwd). */
  out: string;
  /** Where the project lives on the hosts that run it; defaults to the ecosystem file's directory. */
  root?: string;
  includeSecrets: boolean;
  /** `--image`, `--port`, `--probe` values. */
  flags: Readonly<Record<OptionName, readonly string[]>>;
}

function slashes(path: string): string {
  return path.split(sep).join('/');
}

/** `x-` keys are the export's own: not problems of the file. */
function isExtensionWarning(problem: SpecProblem): boolean {
  return /(^|\.)x-[^.[\]]*$/.test(problem.path);
}

export async function loadExportModel(options: ExportLoadOptions): Promise<{ model: ExportModel; warnings: SpecProblem[] }> {
  const base: LoadOptions = { cwd: options.cwd, ...(options.only === undefined ? {} : { only: options.only }) };
  const loaded = await loadEcosystem(options.file, { ...base, ...(options.env === undefined ? {} : { env: options.env }) });
  const overlayEnvs: Record<string, Record<string, string>[]> = {};
  for (const name of overlayNames(loaded.raw)) {
    const withOverlay = await loadEcosystem(loaded.file, { ...base, env: name });
    overlayEnvs[name] = withOverlay.apps.map((app) => app.env);
  }
  const localRoot = dirname(loaded.file);
  const out = resolve(options.cwd, options.out);
  const model = buildModel({
    target: options.target,
    source: basename(loaded.file),
    project: dnsLabel(basename(localRoot), 63),
    localRoot,
    hostRoot: options.root === undefined ? localRoot : resolve(options.cwd, options.root),
    outFromRoot: slashes(relative(localRoot, out)),
    rootFromOut: slashes(relative(out, localRoot)),
    packageFiles: { manifest: existsSync(join(localRoot, 'package.json')), lockfile: existsSync(join(localRoot, 'package-lock.json')) },
    includeSecrets: options.includeSecrets,
    apps: loaded.apps,
    raw: loaded.raw,
    overlayEnvs,
    flags: options.flags,
  });
  return { model, warnings: loaded.warnings.filter((problem) => !isExtensionWarning(problem)) };
}
