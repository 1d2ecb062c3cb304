// Per-app export options: `x-export` (every target) and `x-<target>` (one target) keys of an app in the
// ecosystem file, and `--image`/`--port`/`--probe [app=]value` from the command line: a value for one app
// wins over the file, the file over a value for every app. tend's own loader ignores `x-` keys.
import { TendError } from '../errors/index.js';
import type { ExportTarget, TargetOptions } from './types.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const optionKeys = new Set(['image', 'port', 'probe']);

function invalid(app: string, where: string, message: string, fromFile: boolean): TendError {
  const hint = fromFile
    ? 'Write it as { image: "registry/app:1.0", port: 3000, probe: "/healthz" } (every key optional).'
    : 'Write --image, --port or --probe as APP=VALUE for one app, or VALUE for every app.';
  return new TendError('E_EXPORT_OPTION', `${app}: ${where} ${message}`, { hint });
}

/** Reads `{ image, port, probe }` from an `x-` key (`key` is its name) or from the command line (`key` null). */
function readBlock(app: string, key: string | null, value: unknown, into: TargetOptions): void {
  if (value === undefined) return;
  if (!isObject(value)) throw invalid(app, key ?? '', 'must be an object', key !== null);
  for (const [name, option] of Object.entries(value)) {
    const where = key === null ? `--${name}` : `${key}.${name}`;
    if (!optionKeys.has(name)) throw invalid(app, where, 'is not an export option (image, port, probe)', key !== null);
    if (name === 'image') {
      if (typeof option !== 'string' || option.trim() === '' || /\s/.test(option))
        throw invalid(app, where, 'must be an image reference without spaces', key !== null);
      into.image = option;
    } else if (name === 'port') {
      if (typeof option !== 'number' || !Number.isInteger(option) || option < 1 || option > 65535)
        throw invalid(app, where, 'must be a port number (1-65535)', key !== null);
      into.port = option;
    } else {
      if (typeof option !== 'string' || !option.startsWith('/')) throw invalid(app, where, 'must be an HTTP path starting with /', key !== null);
      into.probe = option;
    }
  }
}

export type OptionName = keyof TargetOptions;

/** `--image`, `--port`, `--probe` values: `APP=VALUE` for one app, `VALUE` for every app without its own. */
export interface OptionFlags {
  byApp: Map<string, Partial<Record<OptionName, unknown>>>;
  all: Partial<Record<OptionName, unknown>>;
}

export function parseOptionFlags(flags: Readonly<Record<OptionName, readonly string[]>>): OptionFlags {
  const parsed: OptionFlags = { byApp: new Map(), all: {} };
  for (const name of Object.keys(flags) as OptionName[]) {
    for (const given of flags[name]) {
      const match = /^([^=/]+)=(.+)$/.exec(given);
      const text = match?.[2] ?? given;
      const value = name === 'port' && /^\d+$/.test(text) ? Number(text) : text;
      if (match?.[1] === undefined) parsed.all[name] = value;
      else parsed.byApp.set(match[1], { ...parsed.byApp.get(match[1]), [name]: value });
    }
  }
  return parsed;
}

export function targetOptions(app: string, raw: Readonly<Record<string, unknown>>, target: ExportTarget, flags: OptionFlags): TargetOptions {
  const options: TargetOptions = { image: null, port: null, probe: null };
  const forEveryApp: TargetOptions = { image: null, port: null, probe: null };
  readBlock(app, null, flags.all, forEveryApp);
  readBlock(app, 'x-export', raw['x-export'], options);
  readBlock(app, `x-${target}`, raw[`x-${target}`], options);
  for (const name of Object.keys(options) as OptionName[]) {
    if (options[name] === null) Object.assign(options, { [name]: forEveryApp[name] });
  }
  readBlock(app, null, flags.byApp.get(app), options);
  return options;
}
