// The console's access token: random, made at first start, kept 0600 in TEND_HOME/web-token so that a
// restart of the console keeps open pages working; `--rotate-token` replaces it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync, chmodSync, mkdirSync, statSync } from 'node:fs';
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

/**
 * The token a running console accepts: the file's, read again whenever the file changes, so that a
 * rotation (`tend web --rotate-token` anywhere, or a new file) takes effect at once and the old token
 * stops working in every console of the home. A missing or unreadable file accepts no token.
 */
export class CurrentToken {
  private stamp = '';
  private value: string | null = null;

  constructor(private readonly file: string) {}

  get(): string | null {
    let stamp: string;
    try {
      const stat = statSync(this.file);
      stamp = `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
    } catch {
      return null;
    }
    if (stamp !== this.stamp) {
      this.value = readExisting(this.file);
      this.stamp = stamp;
    }
    return this.value;
  }
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
export function tokenMatches(expected: string | null, given: string | null | undefined): boolean {
  if (expected === null || typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
