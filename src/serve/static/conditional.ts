// Validators (ETag, Last-Modified) and the conditional-GET decision of RFC 9110 §13. Pure.

export interface FileVersion {
  readonly size: number;
  readonly mtimeMs: number;
}

/** A weak validator from size and modification time: cheap, and changes whenever the file is rewritten. */
export function etagOf(file: FileVersion): string {
  return `W/"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`;
}

export function lastModifiedOf(file: FileVersion): string {
  return new Date(file.mtimeMs).toUTCString();
}

export interface ConditionalHeaders {
  readonly ifNoneMatch: string | undefined;
  readonly ifModifiedSince: string | undefined;
}

/** True when the client's cached copy is current and a 304 should be sent instead of the body. */
export function isNotModified(request: ConditionalHeaders, file: FileVersion): boolean {
  // If-None-Match takes precedence: when present, If-Modified-Since is ignored (RFC 9110 §13.1.3).
  if (request.ifNoneMatch !== undefined) return matchesAnyEtag(request.ifNoneMatch, etagOf(file));
  if (request.ifModifiedSince === undefined) return false;
  const since = Date.parse(request.ifModifiedSince);
  if (Number.isNaN(since)) return false;
  // HTTP dates have one-second resolution.
  return Math.floor(file.mtimeMs / 1000) * 1000 <= since;
}

/** Weak comparison against a comma-separated list of entity tags, or '*'. */
function matchesAnyEtag(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const opaque = stripWeak(etag);
  return header.split(',').some((candidate) => stripWeak(candidate.trim()) === opaque);
}

function stripWeak(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}
