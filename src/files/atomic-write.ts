// Durable, atomic file writes, for the daemon's state and dump and the caller's settings: a crash
// leaves either the old or the new content, never a mix, and a failed write leaves no temp file.
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';

/** Writes `text` durably (fsynced, 0600) to `temp`; a failed write leaves no temp file behind. */
export function writeTemp(temp: string, text: string): void {
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    removeTemp(temp);
    throw error;
  }
}

export function removeTemp(temp: string): void {
  try {
    unlinkSync(temp);
  } catch {
    // not created (or not a file we may remove)
  }
}

/** Writes `text` to `file` so that a crash leaves either the old or the new content, never a mix. */
export function writeFileAtomic(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeTemp(temp, text);
  try {
    renameSync(temp, file);
  } catch (error) {
    removeTemp(temp);
    throw error;
  }
}
