// The console's access token: random, made at first start, kept 0600 in TEND_HOME/web-token so that a
// restart of the console keeps open pages working; `--rotate-token` replaces it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface WebToken {
  value: string;
  file: string;
  /** Made (or rotated) by this start: the only time it is printed. */
  created: boolean;
}

export function webTokenFile(home: string): string {
  return join(home, 'web-token');
}

export function loadWebToken(home: string, rotate: boolean): WebToken {
  const file = webTokenFile(home);
  if (!rotate) {
    const existing = readExisting(file);
    if (existing) return { value: existing, file, created: false };
  }
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const value = randomBytes(24).toString('base64url');
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  // writeFileSync keeps the mode of a file that already exists.
  chmodSync(file, 0o600);
  return { value, file, created: true };
}

function readExisting(file: string): string | null {
  try {
    const value = readFileSync(file, 'utf8').trim();
    return value.length >= 16 ? value : null;
  } catch {
    return null;
  }
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
