// Finds the file a request path names inside the served folder. Symlinks are resolved and the result must
// still lie inside the (resolved) root; the file is then opened without following a last-moment symlink and
// checked through its open handle, so what is served is what was checked.
import { constants } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join, sep } from 'node:path';
import { urlPathOf } from './request-path.js';

export type Located =
  | { readonly kind: 'file'; readonly handle: FileHandle; readonly stats: Stats; readonly path: string }
  /** A folder asked for without its trailing slash: relative links inside its index need one. */
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'forbidden' };

type Opened = { readonly handle: FileHandle; readonly stats: Stats; readonly path: string } | 'not-found' | 'forbidden';

const indexFile = 'index.html';
// O_NONBLOCK: opening a FIFO planted in the folder must not hang the server.
const openFlags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

export async function locate(root: string, segments: readonly string[], trailingSlash: boolean): Promise<Located> {
  const opened = await openInside(root, join(root, ...segments));
  if (typeof opened === 'string') return { kind: opened };
  if (opened.stats.isFile()) {
    if (trailingSlash) return closeWith(opened.handle, { kind: 'not-found' });
    return { kind: 'file', ...opened };
  }
  if (!opened.stats.isDirectory()) return closeWith(opened.handle, { kind: 'not-found' });
  await opened.handle.close();
  if (!trailingSlash) return { kind: 'redirect', location: urlPathOf(segments, true) };

  const index = await openInside(root, join(opened.path, indexFile));
  if (typeof index === 'string') return { kind: index };
  if (!index.stats.isFile()) return closeWith(index.handle, { kind: 'not-found' });
  return { kind: 'file', ...index };
}

async function openInside(root: string, candidate: string): Promise<Opened> {
  let real: string;
  try {
    real = await realpath(candidate);
  } catch (error) {
    return refusalFor(error);
  }
  if (!isInside(root, real)) return 'forbidden';
  try {
    const handle = await open(real, openFlags);
    try {
      return { handle, stats: await handle.stat(), path: real };
    } catch (error) {
      await handle.close();
      throw error;
    }
  } catch (error) {
    return refusalFor(error);
  }
}

function refusalFor(error: unknown): 'not-found' | 'forbidden' {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'ELOOP') return 'forbidden';
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG' || code === 'ENXIO') return 'not-found';
  throw error;
}

export function isInside(root: string, path: string): boolean {
  const prefix = root.endsWith(sep) ? root : root + sep;
  return path === root || path.startsWith(prefix);
}

async function closeWith<T>(handle: FileHandle, result: T): Promise<T> {
  await handle.close();
  return result;
}
