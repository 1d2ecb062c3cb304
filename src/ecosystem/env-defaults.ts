// Defaults a PM2 user sets for every app through the environment of the command (PM2 reads them in
// its daemon, which inherits the environment of the command that started it). Which variables set
// which field is declared on the field in the catalog (`envDefault`); a value found replaces the
// catalog default of an app that does not set the field itself, so the spec, the plan and `describe`
// show the value in force.
import { specFields } from './catalog.js';
import type { SpecField } from './catalog.js';
import type { AppSpec } from './types.js';

export type EnvDefaults = Partial<AppSpec>;

function first(env: NodeJS.ProcessEnv, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

function valueFromEnv<K extends keyof AppSpec>(field: SpecField<K>, env: NodeJS.ProcessEnv): AppSpec[K] | undefined {
  if (field.envDefault === undefined) return undefined;
  const text = first(env, field.envDefault.variables);
  if (text === undefined) return undefined;
  const raw = field.envDefault.fromText === undefined ? text : field.envDefault.fromText(text);
  const parsed = field.parser.parse(raw, { cpus: 1 });
  return parsed.ok ? parsed.value : undefined;
}

/** The fields whose variables declared in the catalog are set in `env`, with their parsed values. */
export function defaultsFromEnv(env: NodeJS.ProcessEnv): EnvDefaults {
  const defaults: Record<string, unknown> = {};
  for (const field of Object.values(specFields) as SpecField[]) {
    const value = valueFromEnv(field, env);
    if (value !== undefined) defaults[field.name] = value;
  }
  return defaults;
}
