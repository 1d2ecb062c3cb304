// Env values whose key looks secret are shown as '(sensitive)' in plans, validate output and logs, and so
// is the user and password (or token) in an address such as a git repository's.

export const defaultSecretPatterns: readonly string[] = ['SECRET', 'TOKEN', 'PASSWORD', 'PASSPHRASE', 'KEY'];

export const redactedValue = '(sensitive)';

/** True when the key contains one of the patterns, case-insensitively. */
export function isSecretKey(key: string, patterns: readonly string[] = defaultSecretPatterns): boolean {
  const upper = key.toUpperCase();
  return patterns.some((pattern) => upper.includes(pattern.toUpperCase()));
}

/** A copy of env with secret-looking values replaced. */
export function redactEnv(env: Readonly<Record<string, string>>, patterns: readonly string[] = defaultSecretPatterns): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, isSecretKey(key, patterns) ? redactedValue : value]));
}

/** Text with the credentials of every URL in it hidden: `https://user:token@host/…` → `https://(sensitive)@host/…`. */
export function hideUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, `$1${redactedValue}@`);
}
