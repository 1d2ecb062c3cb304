// Writes an export's files under the out directory. Files marked `keep` (secrets the user fills in)
// are left alone when they exist; everything else is replaced.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TendError } from '../errors/index.js';
import type { ExportFile } from './types.js';

export interface WrittenFile {
  path: string;
  action: 'wrote' | 'kept';
}

export function writeExport(out: string, files: readonly ExportFile[]): WrittenFile[] {
  const written: WrittenFile[] = [];
  for (const file of files) {
    const path = join(out, file.path);
    try {
      if (file.keep === true && existsSync(path)) {
        written.push({ path, action: 'kept' });
        continue;
      }
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content, { mode: file.keep === true ? 0o600 : 0o644 });
      written.push({ path, action: 'wrote' });
    } catch (error) {
      throw new TendError('E_EXPORT_WRITE', `cannot write ${path}: ${(error as Error).message}`);
    }
  }
  return written;
}
