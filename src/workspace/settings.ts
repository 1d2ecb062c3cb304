// tend's own settings (`tend set|get|unset|conf`), a flat JSON object in TEND_HOME/settings.json.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { TendError } from '../errors/index.js';
import { writeFileAtomic } from '../files/atomic-write.js';

export type Settings = Record<string, string>;

export function readSettings(file: string): Settings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, String(item)]));
  } catch (error) {
    throw new TendError('E_SETTINGS_CORRUPT', `${file} is not a JSON object (${(error as Error).message})`);
  }
}

export function writeSettings(file: string, settings: Settings): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const sorted = Object.fromEntries(Object.entries(settings).sort(([a], [b]) => a.localeCompare(b)));
  writeFileAtomic(file, `${JSON.stringify(sorted, null, 2)}\n`);
}
