// PM2's explicit dump (`save`, `resurrect`, `cleardump`) on top of state.json: the apps as they are
// now, in TEND_HOME/dump.tend, with a .bak of the previous dump. Read back through its schema.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TendError } from '../errors/index.js';
import { checkShape } from '../errors/check-shape.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { storedAppSchema, type StoredApp } from './state-schema.js';

const dumpSchema = z.object({ format: z.literal(1), apps: z.array(storedAppSchema) });
export type Dump = z.infer<typeof dumpSchema>;

export function parseDump(text: string, file: string): Dump {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TendError('E_DUMP_CORRUPT', `${file} is not valid JSON`);
  }
  return checkShape(dumpSchema, value, 'E_DUMP_CORRUPT', `${file} is not a tend dump`);
}

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

/** The dumped apps, from the dump or else its .bak; a dump that is there but malformed is E_DUMP_CORRUPT. */
export function readDump(file: string): StoredApp[] {
  let corrupt: TendError | null = null;
  for (const candidate of [file, `${file}.bak`]) {
    let text: string;
    try {
      text = readFileSync(candidate, 'utf8');
    } catch {
      continue;
    }
    try {
      return parseDump(text, candidate).apps;
    } catch (error) {
      corrupt ??= error as TendError;
    }
  }
  throw corrupt ?? new TendError('E_DUMP_NOT_FOUND', `no readable dump at ${file}`);
}
