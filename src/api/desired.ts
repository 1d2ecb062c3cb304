// What start() was given, as desired state: an ecosystem file, an options object (or PM2's
// `{ apps: [...] }`), a script, a script with options, or a script with a JSON options file.
// Paths resolve from the API instance's cwd. The only module of the API that reads ecosystem files.
import { resolve } from 'node:path';
import { TendError } from '../errors/index.js';
import { loadEcosystem, normalizeApps } from '../ecosystem/load.js';
import { isEcosystemFile } from '../ecosystem/find.js';
import { readEcosystemFile } from '../ecosystem/read.js';
import type { AppSpec } from '../ecosystem/types.js';

export interface Desired {
  /** Ecosystem file path, or `cli`. */
  source: string;
  specs: AppSpec[];
  /** The caller asked for another copy of a running script. */
  force: boolean;
  /** A bare script was given (PM2 then refuses one that already runs). */
  fromScript: boolean;
}

export interface FileLoadOptions {
  env?: string;
  only?: string[];
}

/** Options of PM2's API that are not app fields. */
const callOptions = ['force', 'updateEnv', 'update_env'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function appFields(options: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).filter(([key]) => !callOptions.includes(key)));
}

export function isFileTarget(target: unknown): target is string {
  return typeof target === 'string' && isEcosystemFile(target);
}

export async function fromFile(file: string, cwd: string, options: FileLoadOptions = {}): Promise<{ source: string; specs: AppSpec[] }> {
  const loaded = await loadEcosystem(file, { cwd, ...(options.env ? { env: options.env } : {}), ...(options.only ? { only: options.only } : {}) });
  return { source: loaded.file, specs: loaded.apps };
}

async function optionsFromJsonFile(file: string, cwd: string): Promise<Record<string, unknown>> {
  const { data } = await readEcosystemFile(resolve(cwd, file));
  if (!isObject(data)) throw new TendError('E_FILE_PARSE', `${file} must hold a JSON object of app options`);
  return data;
}

/** PM2's `start(file, { only, env })`: `only` as a list or comma-separated, `env` the overlay's name. */
function fileOptions(options: unknown): FileLoadOptions {
  if (!isObject(options)) return {};
  const only = typeof options.only === 'string' ? options.only.split(',') : Array.isArray(options.only) ? options.only.map(String) : undefined;
  return { ...(typeof options.env === 'string' ? { env: options.env } : {}), ...(only ? { only } : {}) };
}

export async function desiredOf(target: unknown, options: unknown, cwd: string): Promise<Desired> {
  if (typeof target === 'string' && isEcosystemFile(target) && typeof options !== 'string') {
    return { ...(await fromFile(target, cwd, fileOptions(options))), force: false, fromScript: false };
  }
  if (isObject(target)) {
    const force = target.force === true;
    const apps: unknown[] = Array.isArray(target.apps) ? target.apps.map((app: unknown) => (isObject(app) ? appFields(app) : app)) : [appFields(target)];
    return { source: 'cli', specs: normalizeApps(apps, { baseDir: cwd }).apps, force, fromScript: false };
  }
  if (typeof target !== 'string' || target === '') {
    throw new TendError('E_USAGE', 'start() takes a script, an ecosystem file or an options object', {
      hint: "e.g. pm2.start({ script: 'app.js', name: 'web' }, callback)",
    });
  }
  const extra = typeof options === 'string' ? await optionsFromJsonFile(options, cwd) : isObject(options) ? options : {};
  const specs = normalizeApps([{ ...appFields(extra), script: target }], { baseDir: cwd }).apps;
  return { source: 'cli', specs, force: extra.force === true, fromScript: true };
}
