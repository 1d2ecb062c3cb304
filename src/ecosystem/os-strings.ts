// Strings of a spec reach the OS (argv, env, paths, file names): a NUL byte there makes spawn or open
// fail mid-apply. Checked once on the resolved spec, so validate refuses what apply would. The value
// is never repeated in the problem: it may be a secret.
import type { PathSegment } from './problems.js';
import type { AppSpec } from './types.js';

/** Paths (below the app) of every string of the spec, keys included, that holds a NUL byte. */
export function nulBytePaths(spec: AppSpec): PathSegment[][] {
  const found: PathSegment[][] = [];
  // The common case, a spec without any NUL, is answered without building a path for every value.
  if (!holdsNul(spec)) return found;
  const visit = (value: unknown, path: PathSegment[]): void => {
    if (typeof value === 'string') {
      if (value.includes('\0')) found.push(path);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, [...path, index]));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\0')) found.push([...path, key.replaceAll('\0', '\\0')]);
        else visit(item, [...path, key]);
      }
    }
  };
  visit(spec, []);
  return found;
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (typeof value !== 'object' || value === null) return false;
  for (const key in value) if (key.includes('\0') || holdsNul((value as Record<string, unknown>)[key])) return true;
  return false;
}
