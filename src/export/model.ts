// Builds the export model from what the loader returned: normalized specs, the raw app objects (for
// `x-` keys) and the resolved env of each `env_<name>` overlay. Pure: the caller reads the files.
import { envOverlayPattern } from '../ecosystem/catalog.js';
import type { AppSpec } from '../ecosystem/types.js';
import { TendError } from '../errors/index.js';
import { parseOptionFlags, targetOptions, type OptionName } from './options.js';
import type { ExportApp, ExportModel } from './types.js';

/** The model's own settings, and what its apps are built from. */
export type ModelInput = Omit<ExportModel, 'envNames' | 'apps'> & {
  apps: readonly AppSpec[];
  /** The raw object of each app, in the order of `apps`. */
  raw: readonly Readonly<Record<string, unknown>>[];
  /** For each overlay name, the resolved env of each app (in the order of `apps`). */
  overlayEnvs: Readonly<Record<string, readonly Readonly<Record<string, string>>[]>>;
  /** `--image`, `--port`, `--probe` values. */
  flags: Readonly<Record<OptionName, readonly string[]>>;
};

/** Names of the `env_<name>` overlays the raw apps declare, sorted. */
export function overlayNames(raw: readonly Readonly<Record<string, unknown>>[]): string[] {
  const names = new Set<string>();
  for (const app of raw) {
    for (const key of Object.keys(app)) {
      const name = envOverlayPattern.exec(key)?.[1];
      if (name !== undefined) names.add(name);
    }
  }
  return [...names].sort();
}

export function buildModel({ apps: specs, raw, overlayEnvs, flags: given, ...settings }: ModelInput): ExportModel {
  const flags = parseOptionFlags(given);
  const names = new Set(specs.map((app) => app.name));
  for (const [name, options] of flags.byApp) {
    if (!names.has(name))
      throw new TendError('E_EXPORT_OPTION', `--${Object.keys(options).join('/--')} ${name}=…: no app has this name`, {
        hint: `Apps: ${[...names].join(', ')}.`,
      });
  }
  const envNames = Object.keys(overlayEnvs).sort();
  const apps: ExportApp[] = specs.map((spec, index) => {
    const rawApp = raw[index] ?? {};
    const overlays = Object.fromEntries(envNames.filter((name) => `env_${name}` in rawApp).map((name) => [name, overlayEnvs[name]?.[index] ?? spec.env]));
    return { spec, options: targetOptions(spec.name, rawApp, settings.target, flags), overlays };
  });
  return { ...settings, envNames, apps };
}

/** The port an app listens on: its export option, else its spec's `port`. */
export function appPort(app: ExportApp): number | null {
  return app.options.port ?? app.spec.port;
}
