// PM2's explicit dump (`save`, `resurrect`, `cleardump`) on top of state.json: the apps as they are
// now, in TEND_HOME/dump.json, with a .bak of the previous dump.
import { readFileSync } from 'node:fs';
import { TendError } from '../errors/index.js';
import { writeFileAtomic, type StoredApp } from './state-store.js';

/** Saves `apps` to the dump file (with a .bak of the previous one), as `pm2 save`. */
export function saveDump(file: string, apps: StoredApp[], force: boolean): { file: string; count: number } {
  if (apps.length === 0 && !force) throw new TendError('E_DUMP_EMPTY', 'no apps to save');
  try {
    writeFileAtomic(`${file}.bak`, readFileSync(file, 'utf8'));
  } catch {
    // first save: no previous dump to keep
  }
  writeFileAtomic(file, `${JSON.stringify({ format: 1, apps }, null, 2)}\n`);
  return { file, count: apps.length };
}

/** The dumped apps, from the dump or else its .bak. */
export function readDump(file: string): StoredApp[] {
  for (const candidate of [file, `${file}.bak`]) {
    try {
      const parsed = JSON.parse(readFileSync(candidate, 'utf8')) as { apps?: StoredApp[] };
      if (Array.isArray(parsed.apps)) return parsed.apps;
    } catch {
      // try the backup next
    }
  }
  throw new TendError('E_DUMP_NOT_FOUND', `no readable dump at ${file}`);
}
