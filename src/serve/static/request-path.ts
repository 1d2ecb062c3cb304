// Turns a request target into path segments, refusing every lexical way out of the served folder.
// Segments are split on the raw '/' before percent-decoding, so an encoded '/' or '.' can never form a
// separator or a '..' after the split; whatever decodes to '..', '/', '\' or NUL is refused outright.
// Pure: the filesystem checks (symlinks) come later, in locate.ts.

export type RequestPath =
  | { readonly kind: 'path'; readonly segments: readonly string[]; readonly trailingSlash: boolean }
  /** An attempt to leave the root (or to smuggle a NUL/backslash): answered 403. */
  | { readonly kind: 'forbidden' }
  /** A hidden file or folder (name starting with '.'): answered 404, as if absent. */
  | { readonly kind: 'hidden' }
  /** Not a path at all (malformed percent-encoding, absolute-form target): answered 400. */
  | { readonly kind: 'malformed' };

/** Folders whose name starts with '.' but are meant to be public (RFC 8615). */
const publicDotNames = new Set(['.well-known']);

export function parseRequestPath(target: string): RequestPath {
  const end = target.search(/[?#]/);
  const rawPath = end === -1 ? target : target.slice(0, end);
  if (!rawPath.startsWith('/')) return { kind: 'malformed' };
  if (rawPath.includes('\\')) return { kind: 'forbidden' };

  const segments: string[] = [];
  let hidden = false;
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { kind: 'malformed' };
    }
    if (segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return { kind: 'forbidden' };
    if (segment.startsWith('.') && !publicDotNames.has(segment)) hidden = true;
    segments.push(segment);
  }
  if (hidden) return { kind: 'hidden' };
  return { kind: 'path', segments, trailingSlash: rawPath.endsWith('/') };
}

/** The canonical URL path of segments (used for redirects: never starts with '//'). */
export function urlPathOf(segments: readonly string[], trailingSlash: boolean): string {
  const body = segments.map((segment) => encodeURIComponent(segment)).join('/');
  if (body === '') return '/';
  return `/${body}${trailingSlash ? '/' : ''}`;
}

/** True when the last segment has no extension: the kind of path a single-page app routes itself. */
export function looksLikeRoute(segments: readonly string[]): boolean {
  const last = segments.at(-1);
  return last === undefined || !last.includes('.');
}
