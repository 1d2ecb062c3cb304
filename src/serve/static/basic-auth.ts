// HTTP Basic authentication (RFC 7617) with a comparison whose time does not depend on where the
// supplied credentials first differ from the expected ones.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { BasicAuthCredentials } from './config.js';

export const basicAuthChallenge = 'Basic realm="tend serve", charset="UTF-8"';

export function isAuthorized(header: string | undefined, expected: BasicAuthCredentials): boolean {
  const supplied = parseBasicAuth(header);
  // Compare both parts even when the first differs, so timing tells nothing about which one was wrong.
  const userOk = safeEqual(supplied?.username ?? '', expected.username);
  const passwordOk = safeEqual(supplied?.password ?? '', expected.password);
  return supplied !== null && userOk && passwordOk;
}

function parseBasicAuth(header: string | undefined): BasicAuthCredentials | null {
  const match = header === undefined ? null : /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Hashing first gives equal-length inputs, so timingSafeEqual also hides the expected length. */
function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
