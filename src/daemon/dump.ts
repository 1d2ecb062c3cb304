// The dump (`tend save`, `tend resurrect`): the apps of state.json at a moment, in TEND_HOME/dump.tend.
import { z } from 'zod';
import { TendError } from '../errors/index.js';
import { checkShape } from '../errors/check-shape.js';
import { storedAppSchema } from './state-store.js';

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
