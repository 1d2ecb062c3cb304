// Per-app export options: `x-export` (every target) and `x-<target>` (one target) keys of an app in the
// ecosystem file, then `--image [app=]ref` from the command line. tend's own loader ignores `x-` keys.
import { TendError } from '../errors/index.js';
import type { ExportTarget, TargetOptions } from './types.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const optionKeys = new Set(['image', 'port', 'probe']);

function invalid(app: string, key: string, message: string): TendError {
  return new TendError('E_EXPORT_OPTION', `${app}: ${key} ${message}`, { hint: 'Write it as { image: "registry/app:1.0", port: 3000, probe: "/healthz" } (every key optional).' });
}

function readBlock(app: string, key: string, value: unknown, into: TargetOptions): void {
  if (value === undefined) return;
  if (!isObject(value)) throw invalid(app, key, 'must be an object');
  for (const [name, option] of Object.entries(value)) {
    if (!optionKeys.has(name)) throw invalid(app, `${key}.${name}`, 'is not an export option (image, port, probe)');
    if (name === 'image') {
      if (typeof option !== 'string' || option.trim() === '' || /\s/.test(option)) throw invalid(app, `${key}.image`, 'must be an image reference without spaces');
      into.image = option;
    } else if (name === 'port') {
      if (typeof option !== 'number' || !Number.isInteger(option) || option < 1 || option > 65535) throw invalid(app, `${key}.port`, 'must be a port number (1-65535)');
      into.port = option;
    } else {
      if (typeof option !== 'string' || !option.startsWith('/')) throw invalid(app, `${key}.probe`, 'must be an HTTP path starting with /');
      into.probe = option;
    }
  }
}

/** `--image api=registry/api:1` or `--image registry/all:1` (every app without its own). */
export function parseImageFlags(values: readonly string[]): { byApp: Map<string, string>; all: string | null } {
  const byApp = new Map<string, string>();
  let all: string | null = null;
  for (const value of values) {
    const match = /^([^=]+)=(\S+)$/.exec(value);
    if (match?.[1] !== undefined && match[2] !== undefined) byApp.set(match[1], match[2]);
    else if (/^\S+$/.test(value) && !value.includes('=')) all = value;
    else throw new TendError('E_EXPORT_OPTION', `invalid --image '${value}'`, { hint: 'Write --image APP=IMAGE for one app, or --image IMAGE for every app.' });
  }
  return { byApp, all };
}

export function targetOptions(app: string, raw: Readonly<Record<string, unknown>>, target: ExportTarget, images: ReturnType<typeof parseImageFlags>): TargetOptions {
  const options: TargetOptions = { image: null, port: null, probe: null };
  readBlock(app, 'x-export', raw['x-export'], options);
  readBlock(app, `x-${target}`, raw[`x-${target}`], options);
  const own = images.byApp.get(app);
  if (own !== undefined) options.image = own;
  else if (options.image === null && images.all !== null) options.image = images.all;
  return options;
}
