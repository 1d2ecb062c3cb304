// known_hosts as OpenSSH reads it: plain and hashed (|1|salt|hash) host patterns, [host]:port for
// non-22 ports, wildcards (* ?), negation (!), and the @revoked marker. @cert-authority lines are
// skipped (tend does not verify host certificates). Pure functions over file contents.
import { createHash, createHmac } from 'node:crypto';

export interface KnownHostKey {
  /** Key type as written, e.g. ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa. */
  readonly type: string;
  /** The key blob in SSH wire format, as base64 (the third field). */
  readonly blob: string;
  readonly revoked: boolean;
}

/** The name OpenSSH looks up: `host`, or `[host]:port` when the port is not 22. */
export function lookupName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${body}$`, 'i');
}

function hashedMatches(pattern: string, name: string): boolean {
  const [, magic, salt, hash] = pattern.split('|');
  if (magic !== '1' || salt === undefined || hash === undefined) return false;
  const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return digest === hash;
}

/** Whether the comma-separated host patterns of a line select `name`. */
function patternsMatch(patterns: string, name: string): boolean {
  if (patterns.startsWith('|')) return hashedMatches(patterns, name);
  let matched = false;
  for (const raw of patterns.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (!globToRegExp(pattern).test(name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** Every key that `contents` lists for the host at `name` (see lookupName). */
export function keysFor(contents: string, name: string): KnownHostKey[] {
  const keys: KnownHostKey[] = [];
  for (const rawLine of contents.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker: string | undefined;
    if (fields[0]?.startsWith('@')) marker = fields.shift();
    const [patterns, type, blob] = fields;
    if (patterns === undefined || type === undefined || blob === undefined) continue;
    if (marker === '@cert-authority') continue;
    if (!patternsMatch(patterns, name)) continue;
    keys.push({ type, blob, revoked: marker === '@revoked' });
  }
  return keys;
}

export type HostKeyVerdict = 'match' | 'mismatch' | 'unknown' | 'revoked';

/** How a presented host key (wire-format blob) compares with the known keys of its host. */
export function judgeHostKey(known: readonly KnownHostKey[], presented: Buffer): HostKeyVerdict {
  const blob = presented.toString('base64');
  if (known.some((key) => key.revoked && key.blob === blob)) return 'revoked';
  const trusted = known.filter((key) => !key.revoked);
  if (trusted.some((key) => key.blob === blob)) return 'match';
  return trusted.length === 0 ? 'unknown' : 'mismatch';
}

/** The host key algorithms to offer, so the server presents a key type we already know. */
export function hostKeyAlgorithms(known: readonly KnownHostKey[]): string[] {
  const byType: Record<string, readonly string[]> = {
    'ssh-ed25519': ['ssh-ed25519'],
    'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
    'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
    'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
    'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
  };
  const algorithms = known.filter((key) => !key.revoked).flatMap((key) => byType[key.type] ?? []);
  return [...new Set(algorithms)];
}

/** OpenSSH's fingerprint form: SHA256:<base64 without padding>. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The line `accept-new` appends for a first-seen host. */
export function knownHostsLine(name: string, type: string, blob: Buffer): string {
  return `${name} ${type} ${blob.toString('base64')}\n`;
}
