// Equality of two JSON-like values (specs: plain objects, arrays, strings, numbers, booleans, null),
// whatever the order of their keys, without allocating: answering "unchanged" for thousands of apps
// must cost little more than reading them.
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) if (!sameData(a[index], b[index])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let count = 0;
  for (const key of Object.keys(left)) {
    const value = left[key];
    // JSON drops undefined members: `{ a: undefined }` equals `{}`.
    if (value === undefined) continue;
    if (!sameData(value, right[key]) || !Object.hasOwn(right, key)) return false;
    count++;
  }
  for (const key of Object.keys(right)) if (right[key] !== undefined) count--;
  return count === 0;
}
