// Builds the export model from what the loader returned: normalized specs, the raw app objects (for
// `x-` keys) and the resolved env of each `env_<name>` overlay. Pure: the caller reads the files.
import { envOverlayPattern } from '../ecosystem/catalog.js';
import type { AppSpec } from '../ecosystem/types.js';
import { TendError } from '../errors/index.js';
import { parseOptionFlags, targetOptions, type OptionName } from './options.js';
import type { ExportApp, ExportModel, ExportTarget } from './types.js';

export interface ModelInput {
  target: ExportTarget;
  source: string;
  project: string;
  localRoot: string;
  hostRoot: string;
  outFromRoot: string;
  rootFromOut: string;
  packageFiles: ExportModel['packageFiles'];
  includeSecrets: boolean;
  apps: readonly AppSpec[];
  /** The raw object of each app, in the order of `apps`. */
  raw: readonly Readonly<Record<string, unknown>>[];
  /** For each overlay name, the resolved env of each app (in the order of `apps`). */
  overlayEnvs: Readonly<Record<string, readonly Readonly<Record<string, string>>[]>>;
  /** `--image`, `--port`, `--probe` values. */
  flags: Readonly<Record<OptionName, readonly string[]>>;
}

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

export function buildModel(input: ModelInput): ExportModel {
  const flags = parseOptionFlags(input.flags);
  const names = new Set(input.apps.map((app) => app.name));
  for (const [name, given] of flags.byApp) {
    if (!names.has(name))
      throw new TendError('E_EXPORT_OPTION', `--${Object.keys(given).join('/--')} ${name}=…: no app has this name`, {
        hint: `Apps: ${[...names].join(', ')}.`,
      });
  }
  const envNames = Object.keys(input.overlayEnvs).sort();
  const apps: ExportApp[] = input.apps.map((spec, index) => {
    const raw = input.raw[index] ?? {};
    const overlays = Object.fromEntries(envNames.filter((name) => `env_${name}` in raw).map((name) => [name, input.overlayEnvs[name]?.[index] ?? spec.env]));
    return { spec, options: targetOptions(spec.name, raw, input.target, flags), overlays };
  });
  return {
    target: input.target,
    source: input.source,
    project: input.project,
    localRoot: input.localRoot,
    hostRoot: input.hostRoot,
    outFromRoot: input.outFromRoot,
    rootFromOut: input.rootFromOut,
    packageFiles: input.packageFiles,
    envNames,
    includeSecrets: input.includeSecrets,
    apps,
  };
}

/** The port an app listens on: its export option, else its spec's `port`. */
export function appPort(app: ExportApp): number | null {
  return app.options.port ?? app.spec.port;
}
