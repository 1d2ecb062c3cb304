// PM2 lets flags given to restart/reload change the app (`--name`, `--node-args`,
// `--max-memory-restart`, …). tend turns them into a new desired spec for the app — the applied
// spec with the flags laid over it, normalized like any file — and applies it through the planner.
import { rawAppFromCli } from '../ecosystem/catalog.js';
import { normalizeApps } from '../ecosystem/load.js';
import type { AppSpec } from '../ecosystem/types.js';

/** The app fields the command line sets (empty when no app flag was given). */
export function patchFromFlags(options: Record<string, unknown>): Record<string, unknown> {
  const patch = rawAppFromCli('', [], options);
  delete patch.script;
  return patch;
}

/** The applied spec with `patch` over it, normalized again (paths stay as they were resolved). */
export function respec(spec: AppSpec, patch: Record<string, unknown>): AppSpec {
  // Derived and unset fields are left to the normalizer: it derives them again from the rest.
  const raw: Record<string, unknown> = Object.fromEntries(Object.entries(spec).filter(([key, value]) => key !== 'revision' && value !== null));
  // As PM2: a flag given the value `null` (`--node-args=null`) removes the field, which gets its default back.
  const given = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== 'null'));
  for (const key of Object.keys(patch)) if (patch[key] === 'null') delete raw[key];
  const [next] = normalizeApps([{ ...raw, ...given }], { baseDir: spec.cwd }).apps;
  if (!next) return spec;
  return next;
}
