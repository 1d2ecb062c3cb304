// Defaults a PM2 user sets for every app through the environment of the command (PM2 reads them in
// its daemon, which inherits the environment of the command that started it): PM2_KILL_TIMEOUT,
// PM2_KILL_SIGNAL, PM2_KILL_USE_MESSAGE, PM2_GRACEFUL_LISTEN_TIMEOUT, and tend's TEND_* names for
// the same. They replace the catalog default of an app that does not set the field itself, so the
// spec, the plan and `describe` show the value in force.
import { parseDuration } from './units.js';
import type { AppSpec } from './types.js';

export type EnvDefaults = Partial<Pick<AppSpec, 'kill_timeout' | 'kill_signal' | 'shutdown_with_message' | 'listen_timeout'>>;

function first(env: NodeJS.ProcessEnv, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

export function defaultsFromEnv(env: NodeJS.ProcessEnv): EnvDefaults {
  const defaults: EnvDefaults = {};
  const killTimeout = parseDuration(first(env, ['TEND_KILL_TIMEOUT', 'PM2_KILL_TIMEOUT']));
  if (killTimeout !== undefined) defaults.kill_timeout = killTimeout;
  const listenTimeout = parseDuration(first(env, ['TEND_LISTEN_TIMEOUT', 'PM2_GRACEFUL_LISTEN_TIMEOUT']));
  if (listenTimeout !== undefined) defaults.listen_timeout = listenTimeout;
  const signal = first(env, ['TEND_KILL_SIGNAL', 'PM2_KILL_SIGNAL']);
  if (signal !== undefined && /^SIG[A-Z0-9]+$/.test(signal)) defaults.kill_signal = signal;
  const message = first(env, ['TEND_KILL_USE_MESSAGE', 'PM2_KILL_USE_MESSAGE']);
  if (message === 'true' || message === '1') defaults.shutdown_with_message = true;
  return defaults;
}
