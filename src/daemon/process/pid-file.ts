// pid_file: the pid of a running instance in a file, as PM2 writes it (`-<pm_id>` before the
// extension), removed when that process exits — unless a replacement (reload) wrote its own since.
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';

export function pidFilePath(pidFile: string, pm_id: number): string {
  const extension = extname(pidFile);
  return `${pidFile.slice(0, pidFile.length - extension.length)}-${pm_id}${extension}`;
}

export function writePidFile(path: string, pid: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${pid}\n`);
}

export function removePidFile(path: string, pid: number): void {
  try {
    if (readFileSync(path, 'utf8').trim() === String(pid)) unlinkSync(path);
  } catch {
    // already gone
  }
}
