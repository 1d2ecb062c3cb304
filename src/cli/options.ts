// Parsing of option values shared by commands.
import { TendError } from '../errors/index.js';

/** `--only a,b` / `--only "a b"` → ['a', 'b']; undefined when nothing is given. */
export function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(/[,\s]+/).filter(Boolean);
  return items.length > 0 ? items : undefined;
}

/** `--parallel <n>`: a whole number ≥ 1, or undefined when not given (never a silent NaN). */
export function parseParallel(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const count = Number(value);
  if (!/^\d+$/.test(value.trim()) || count < 1)
    throw new TendError('E_USAGE', `invalid --parallel '${value}'`, { hint: 'Give a whole number of instances, 1 or more.' });
  return count;
}
