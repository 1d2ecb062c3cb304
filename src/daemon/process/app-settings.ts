// PM2's `pm2 set <app>.<key> <value>` (or `<app>:<key>`): a setting named after an app is an env
// var of that app, read from TEND_HOME/settings.json each time one of its processes starts (the
// CLI restarts the app after a change, as PM2 does).
import { readFileSync } from 'node:fs';
import { homePaths } from '../../protocol/home.js';

/** The app's settings as env vars; a missing or unreadable file means none (`tend get` reports corruption). */
export function appSettingsEnv(home: string, name: string): Record<string, string> {
  let settings: unknown;
  try {
    settings = JSON.parse(readFileSync(homePaths(home).settingsFile, 'utf8'));
  } catch {
    return {};
  }
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return {};
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings as Record<string, unknown>)) {
    const separator = key.charAt(name.length);
    if (!key.startsWith(name) || (separator !== '.' && separator !== ':') || key.length === name.length + 1) continue;
    env[key.slice(name.length + 1)] = String(value);
  }
  return env;
}
