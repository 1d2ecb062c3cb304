// Output files in one fixed order (code-point order of their paths), whatever the locale.
import type { ExportFile } from './types.js';

export function sortFiles(files: readonly ExportFile[]): ExportFile[] {
  return [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
