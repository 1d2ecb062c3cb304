// Loads an ecosystem file into normalized AppSpecs, reporting every problem of the file in one error.
import { availableParallelism } from 'node:os';
import { basename, dirname } from 'node:path';
import { TendError } from '../errors/index.js';
import { checkApps, isUserKey, selectApps, type NormalizeOptions } from './normalize.js';
import { ProblemList, type PathSegment, type SpecProblem } from './problems.js';
import { readEcosystemFile, readJson, type ReadResult } from './read.js';
import { findEcosystemFile } from './find.js';
import type { AppSpec } from './types.js';
import { defaultsFromEnv } from './env-defaults.js';

export interface LoadOptions {
  cwd: string;
  env?: string;
  only?: string[];
  strict?: boolean;
  /** CPU count for `instances: max` (tests); defaults to os.availableParallelism(). */
  cpus?: number;
}

export interface LoadedEcosystem {
  /** Absolute path of the file (the apps' source, for prune). */
  file: string;
  apps: AppSpec[];
  deploy: Record<string, unknown> | null;
  warnings: SpecProblem[];
  /** The raw object each app was read from, in the order of `apps` (for `x-` keys, read by `tend export`). */
  raw: Record<string, unknown>[];
}

// `$schema` lets editors find manifests/ecosystem.schema.json.
const topLevelKeys = new Set(['apps', 'pm2', 'deploy', '$schema']);

export { defaultFileNames, findEcosystemFile } from './find.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Shape {
  apps: unknown[];
  basePath: PathSegment[];
  /** false for a single app object: its problems are at `instances`, not `[0].instances`. */
  indexed: boolean;
  deploy: Record<string, unknown> | null;
}

/** The app list of any accepted shape: { apps }, { pm2 }, a bare array, or a single app object. */
function shapeOf(data: unknown, file: string, problems: ProblemList, strict: boolean): Shape | undefined {
  if (Array.isArray(data)) return { apps: data, basePath: [], indexed: true, deploy: null };
  if (!isObject(data)) {
    problems.error([], 'the file must define an object or an array of apps', 'export { apps: [ … ] }', { value: data });
    return undefined;
  }
  const listKey = 'apps' in data ? 'apps' : 'pm2' in data ? 'pm2' : undefined;
  if (listKey === undefined) {
    if (basename(file) === 'package.json') {
      problems.error([], 'package.json has no apps key', 'add "apps": [ … ] to package.json, or use an ecosystem file');
      return undefined;
    }
    const app = Object.fromEntries(Object.entries(data).filter(([key]) => key !== '$schema'));
    return { apps: [app], basePath: [], indexed: false, deploy: null };
  }
  const deploy = data.deploy;
  if (deploy !== undefined && !isObject(deploy))
    problems.error(['deploy'], 'deploy must be an object of environments', 'write deploy: { production: { … } }', { value: deploy });
  if (basename(file) !== 'package.json') {
    for (const key of Object.keys(data)) {
      if (topLevelKeys.has(key) || isUserKey(key)) continue;
      const hint =
        key === 'static' ? 'static file servers are started with `tend serve`' : 'the top level holds apps and deploy; prefix your own keys with `x-`';
      problems.add(strict ? 'error' : 'warning', [key], `unknown top-level key ${key}`, hint, { code: 'E_SPEC_UNKNOWN_KEY' });
    }
  }
  const apps = data[listKey];
  if (!Array.isArray(apps)) {
    problems.error([listKey], `${listKey} must be a list of apps`, `write ${listKey}: [ { name: …, script: … } ]`, { value: apps });
    return undefined;
  }
  return { apps, basePath: [listKey], indexed: true, deploy: isObject(deploy) ? deploy : null };
}

/** The one error for a set of problems: its message is one line, the problems travel in `details`. */
export function problemsError(problems: SpecProblem[], source: string): TendError {
  const errors = problems.filter((problem) => problem.severity === 'error');
  const codes = new Set(errors.map((problem) => problem.code ?? 'E_SPEC_INVALID'));
  const [code] = codes.size === 1 ? [...codes] : ['E_SPEC_INVALID' as const];
  const first = errors[0];
  const message =
    errors.length === 1 && first !== undefined
      ? `${source}: ${first.path ? `${first.path}: ` : ''}${first.message}`
      : `${source} has ${errors.length} problems`;
  return new TendError(code ?? 'E_SPEC_INVALID', message, { details: problems, ...(errors.length === 1 && first !== undefined ? { hint: first.hint } : {}) });
}

export async function loadEcosystem(file: string | undefined, options: LoadOptions): Promise<LoadedEcosystem> {
  const path = findEcosystemFile(file, options.cwd);
  return checkEcosystem(path, await readEcosystemFile(path), dirname(path), options);
}

/** The source of apps read from standard input (`tend start -`, PM2's piped config). */
export const stdinSource = 'stdin';

/** An ecosystem given as JSON text on standard input: relative paths start from the caller's cwd. */
export function loadEcosystemText(text: string, options: LoadOptions): LoadedEcosystem {
  return checkEcosystem(stdinSource, readJson(stdinSource, text), options.cwd, options);
}

/** `deploy.<env>.env`: with `--env <env>`, the layer under the apps' env (PM2 reads it too). */
function deployEnvOf(deploy: Record<string, unknown> | null, env: string | undefined): Record<string, string> | undefined {
  const section = env === undefined ? undefined : deploy?.[env];
  const values = isObject(section) ? section.env : undefined;
  if (!isObject(values)) return undefined;
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
}

function checkEcosystem(path: string, { data, locate }: ReadResult, baseDir: string, options: LoadOptions): LoadedEcosystem {
  const problems = new ProblemList(path, locate);
  const shape = shapeOf(data, path, problems, options.strict === true);
  let apps: AppSpec[] = [];
  let raw: Record<string, unknown>[] = [];
  if (shape !== undefined) {
    const deployEnv = deployEnvOf(shape.deploy, options.env);
    const normalizeOptions: NormalizeOptions = {
      baseDir,
      file: path,
      basePath: shape.basePath,
      cpus: options.cpus ?? availableParallelism(),
      defaults: defaultsFromEnv(process.env),
      ...(deployEnv === undefined ? {} : { deployEnv }),
      indexed: shape.indexed,
      ...(locate === undefined ? {} : { locate }),
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.strict === undefined ? {} : { strict: options.strict }),
    };
    const result = checkApps(shape.apps, normalizeOptions);
    problems.problems.push(...result.problems);
    apps = selectApps(result.apps, options.only, problems);
    // Without errors every raw entry became one app, in order.
    const rawByName = new Map(result.apps.map((app, index) => [app.name, shape.apps[index] as Record<string, unknown>]));
    raw = apps.map((app) => rawByName.get(app.name) ?? {});
  }
  if (problems.errors.length > 0) throw problemsError(problems.problems, path);
  return { file: path, apps, deploy: shape?.deploy ?? null, warnings: problems.warnings, raw };
}

/**
 * Normalizes apps that come from the command line (`tend start app.js -i 2`) through the same code as
 * file apps; throws E_SPEC_INVALID with every problem.
 */
export function normalizeApps(rawApps: unknown[], options: NormalizeOptions): { apps: AppSpec[]; warnings: SpecProblem[] } {
  const result = checkApps(rawApps, { basePath: [], indexed: rawApps.length !== 1, defaults: defaultsFromEnv(process.env), ...options });
  const errors = result.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw problemsError(result.problems, options.file ?? 'the command line');
  return { apps: result.apps, warnings: result.problems.filter((problem) => problem.severity === 'warning') };
}
