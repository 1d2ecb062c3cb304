// The environment an app gets on a target: its resolved env, split into plain and secret-looking keys,
// plus what tend injects per instance (instance_var, and increment_var for a single instance).
import { isSecretKey } from '../ecosystem/redact.js';
import type { ExportApp } from './types.js';

export interface SplitEnv {
  plain: Record<string, string>;
  secret: Record<string, string>;
}

export function splitEnv(env: Readonly<Record<string, string>>): SplitEnv {
  const plain: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const key of Object.keys(env).sort()) {
    const value = env[key] ?? '';
    if (isSecretKey(key)) secret[key] = value;
    else plain[key] = value;
  }
  return { plain, secret };
}

/**
 * The per-instance variables tend sets. `instanceValue` stands for the instance number where the
 * target has one (systemd's %i, Nomad's alloc index); where it has none, only a single instance gets 0.
 */
export function instanceEnv(app: ExportApp, instanceValue: string | null): Record<string, string> {
  const { spec } = app;
  if (instanceValue === null && spec.instances > 1) return {};
  const value = instanceValue ?? '0';
  const variables: Record<string, string> = { [spec.instance_var]: value };
  if (spec.increment_var !== null && spec.instances === 1) variables[spec.increment_var] = spec.env[spec.increment_var] ?? '0';
  return variables;
}

/** The app's env with the instance variables, keys sorted. */
export function appEnv(env: Readonly<Record<string, string>>, extra: Readonly<Record<string, string>>): Record<string, string> {
  const merged: Record<string, string> = { ...env, ...extra };
  return Object.fromEntries(
    Object.keys(merged)
      .sort()
      .map((key) => [key, merged[key] ?? '']),
  );
}

/** `KEY=value` lines for an env file; with `withValues` false the values are left for the user to fill in. */
export function envFileLines(env: Readonly<Record<string, string>>, withValues: boolean): string {
  return Object.entries(env)
    .map(([key, value]) => `${key}=${withValues ? value : ''}\n`)
    .join('');
}
