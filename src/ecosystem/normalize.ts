// Raw app objects (from a file or the command line) → normalized AppSpecs: every key checked against the
// catalog, every value parsed, defaults filled, paths absolute and symlinks resolved, env overlays applied.
// Every problem is collected; nothing stops at the first.
import { availableParallelism } from 'node:os';
import { closest, distance } from 'fastest-levenshtein';
import { allSpellings, envOverlayPattern, fieldBySpelling, specFields } from './catalog.js';
import type { ParseContext } from './parsers.js';
import { ProblemList, formatPath, type Locator, type PathSegment, type SpecProblem } from './problems.js';
import { nulBytePaths } from './os-strings.js';
import { resolveApp, type ParsedApp } from './resolve.js';
import { FsLookups } from './fs-lookups.js';
import type { AppSpec } from './types.js';
import type { EnvDefaults } from './env-defaults.js';

export interface NormalizeOptions {
  /** Directory relative paths start from: the ecosystem file's directory, or the CLI's cwd. */
  baseDir: string;
  /** Selects the `env_<name>` overlay (`--env <name>`). */
  env?: string;
  /** Unknown keys are errors (plan, apply, validate) instead of warnings (PM2's verbs). */
  strict?: boolean;
  /** The source file, named in problems. */
  file?: string;
  locate?: Locator;
  /** Path of the app list inside the file (`['apps']`), for problem paths. */
  basePath?: readonly PathSegment[];
  /** Whether problem paths include the app's index (false for a single app object). */
  indexed?: boolean;
  /** CPU count for `instances: max`; defaults to os.availableParallelism(). */
  cpus?: number;
  /** Defaults set through the environment (PM2_KILL_TIMEOUT …), over the catalog's. */
  defaults?: EnvDefaults;
  /** `deploy.<env>.env` of the file, under every app's env when `--env <env>` is given. */
  deployEnv?: Record<string, string>;
}

export interface NormalizeResult {
  apps: AppSpec[];
  problems: SpecProblem[];
}

/** Checks the keys and values of one raw app; returns what parsed (keyed by canonical name). */
function parseApp(
  raw: Record<string, unknown>,
  path: readonly PathSegment[],
  options: NormalizeOptions,
  context: ParseContext,
  problems: ProblemList,
): ParsedApp {
  const values: Record<string, unknown> = {};
  const overlays: Record<string, Record<string, string>> = {};
  const spelledAs = new Map<string, string>();
  for (const [key, value] of Object.entries(raw)) {
    const keyPath = [...path, key];
    const overlay = envOverlayPattern.exec(key)?.[1];
    if (overlay !== undefined) {
      const parsed = specFields.env.parser.parse(value, context);
      // Env values may be secrets: a problem with them never repeats the value.
      if (parsed.ok) overlays[overlay] = parsed.value;
      else problems.error(keyPath, `${key} ${parsed.message}`, parsed.hint);
      continue;
    }
    // `x-…` keys are the user's own (tools such as `tend export` read them).
    if (isUserKey(key)) continue;
    const field = fieldBySpelling(key);
    if (field === undefined) {
      const suggestion = closest(key, allSpellings());
      const hint =
        suggestion !== undefined && isNear(key, suggestion)
          ? `did you mean \`${suggestion}\`?`
          : 'see docs/ecosystem.md for every option; prefix your own keys with `x-`';
      problems.add(options.strict === true ? 'error' : 'warning', keyPath, `unknown option ${key}`, hint, { code: 'E_SPEC_UNKNOWN_KEY' });
      continue;
    }
    const earlier = spelledAs.get(field.name);
    if (earlier !== undefined) {
      problems.error(keyPath, `${field.name} is given twice (as ${earlier} and ${key})`, 'keep one of the two spellings');
      continue;
    }
    spelledAs.set(field.name, key);
    if (field.kind === 'ignored') {
      problems.warning(keyPath, `${key} has no effect in tend`, `${field.purpose} Remove it unless PM2 also reads this file.`);
      continue;
    }
    if (field.kind === 'spec' && field.computed) {
      problems.warning(keyPath, `${field.name} is computed by tend; the value is ignored`, 'remove it from the file');
      continue;
    }
    if (value === undefined) continue;
    const parsed = field.parser.parse(value, context);
    if (parsed.ok) values[field.name] = parsed.value;
    else problems.error(keyPath, `${key} ${parsed.message}`, parsed.hint, field.name === 'env' ? {} : { value });
  }
  return { values, overlays };
}

/** Keys starting with `x-` belong to the user and pass without a word. */
export function isUserKey(key: string): boolean {
  return key.startsWith('x-');
}

/** A did-you-mean is offered only when the suggestion is a plausible typo of the key. */
function isNear(key: string, suggestion: string): boolean {
  return distance(key.toLowerCase(), suggestion.toLowerCase()) <= Math.max(2, Math.floor(suggestion.length / 3));
}

/**
 * Normalizes raw apps (file entries or `rawAppFromCli` output) into AppSpecs. Returns every problem
 * (errors and warnings) instead of throwing; loadEcosystem and `start` decide what to do with them.
 */
export function checkApps(rawApps: readonly unknown[], options: NormalizeOptions): NormalizeResult {
  const problems = new ProblemList(options.file, options.locate);
  const context: ParseContext = { cpus: options.cpus ?? availableParallelism() };
  const basePath = options.basePath ?? ['apps'];
  const apps: AppSpec[] = [];
  const firstIndexOfName = new Map<string, number>();
  const resolveOptions = {
    baseDir: options.baseDir,
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.defaults === undefined ? {} : { defaults: options.defaults }),
    ...(options.deployEnv === undefined ? {} : { deployEnv: options.deployEnv }),
    lookups: new FsLookups(),
  };
  rawApps.forEach((raw, index) => {
    const path = options.indexed === false ? [...basePath] : [...basePath, index];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.error(path, 'an app must be an object', 'write an app as a map with at least `script`', { value: raw });
      return;
    }
    const errorsBefore = problems.errorCount;
    const parsed = parseApp(raw as Record<string, unknown>, path, options, context, problems);
    const app = resolveApp(parsed, path, resolveOptions, problems);
    if (app === undefined) return;
    for (const at of nulBytePaths(app))
      problems.error(
        [...path, ...at],
        `${formatPath(at)} contains a NUL byte`,
        'remove the \\0 character: no program argument, env variable or path can hold it',
      );
    const earlier = firstIndexOfName.get(app.name);
    if (earlier !== undefined) {
      problems.error([...path, 'name'], `duplicate app name ${app.name} (also used by ${formatPath([...basePath, earlier])})`, 'give every app a unique name', {
        value: app.name,
      });
    } else firstIndexOfName.set(app.name, index);
    if (problems.errorCount === errorsBefore) apps.push(app);
  });
  return { apps, problems: problems.problems };
}

/** Keeps the names wanted by `--only a,b`; an unknown name is a problem with did-you-mean. */
export function selectApps(apps: AppSpec[], only: readonly string[] | undefined, problems: ProblemList): AppSpec[] {
  if (only === undefined || only.length === 0) return apps;
  const names = apps.map((app) => app.name);
  for (const wanted of only) {
    if (names.includes(wanted)) continue;
    const suggestion = closest(wanted, names);
    problems.error(
      [],
      `--only ${wanted}: no app has this name`,
      suggestion === undefined ? 'the file defines no apps' : `did you mean ${suggestion}? apps: ${names.join(', ')}`,
    );
  }
  return apps.filter((app) => only.includes(app.name));
}
