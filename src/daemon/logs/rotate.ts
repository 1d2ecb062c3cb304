// Size-based rotation by numbered names: <file> → <file>.1, <file>.1 → <file>.2, … up to `retain`
// files (<file>.N.gz when compressed). Numbers never collide, so no rotation overwrites another.
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/**
 * Compressions in progress by log path. A file reopened by a new writer (an app restarted) must not
 * shift <file>.1 while an earlier writer's compression still reads it.
 */
const compressions = new Map<string, Promise<void>>();

/** Resolves when no compression of this log's rotated files is running. */
export async function compressionDone(path: string): Promise<void> {
  await compressions.get(path)?.catch(() => undefined);
}

export function rotatedName(path: string, index: number, compressed: boolean): string {
  return `${path}.${index}${compressed ? '.gz' : ''}`;
}

async function renameIfPresent(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Move <file> to <file>.1, shifting older files up and dropping what passes `retain`. */
export async function shiftRotated(path: string, retain: number): Promise<void> {
  await compressionDone(path);
  for (const compressed of [false, true]) {
    await rm(rotatedName(path, retain, compressed), { force: true });
    for (let index = retain - 1; index >= 1; index -= 1) {
      await renameIfPresent(rotatedName(path, index, compressed), rotatedName(path, index + 1, compressed));
    }
  }
  if (retain > 0) await renameIfPresent(path, rotatedName(path, 1, false));
  else await rm(path, { force: true });
}

/** Gzip <file>.1 into <file>.1.gz, then remove the plain copy (the .gz appears complete or not at all). */
export function compressNewest(path: string): Promise<void> {
  const running = compressions.get(path) ?? Promise.resolve();
  const next = running.catch(() => undefined).then(() => gzipNewest(path));
  compressions.set(path, next);
  const forget = (): void => {
    if (compressions.get(path) === next) compressions.delete(path);
  };
  next.then(forget, forget);
  return next;
}

async function gzipNewest(path: string): Promise<void> {
  const plain = rotatedName(path, 1, false);
  const packed = rotatedName(path, 1, true);
  const partial = `${packed}.partial`;
  try {
    await pipeline(createReadStream(plain), createGzip(), createWriteStream(partial));
  } catch (error) {
    await rm(partial, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await rename(partial, packed);
  await rm(plain, { force: true });
}
