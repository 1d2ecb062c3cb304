// Durable, atomic file writes, for the daemon's state and dump and the caller's settings: a crash
// leaves either the old or the new content, never a mix.
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

/** Writes `text` to a durable (fsynced, 0600) temp file beside `file` and returns its path. */
export function writeTemp(file: string, text: string): string {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

/** Writes `text` to `file` so that a crash leaves either the old or the new content, never a mix. */
export function writeFileAtomic(file: string, text: string): void {
  renameSync(writeTemp(file, text), file);
}
