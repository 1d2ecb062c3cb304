// A stable hash of the state a plan was made from, so that a saved plan can be refused once that
// state has moved (terraform's stale-plan check). Hashing is computation, not I/O.
import { createHash } from 'node:crypto';
import { specHash } from '../ecosystem/hash.js';
import type { AppSpec, OwnedSpec } from '../ecosystem/types.js';
import type { LiveApp } from './types.js';

/** Digest of each spec object seen: applied specs are replaced on change, never edited in place. */
const specDigests = new WeakMap<AppSpec, string>();

function specDigest(spec: AppSpec): string {
  let digest = specDigests.get(spec);
  if (digest === undefined) {
    digest = specHash(spec);
    specDigests.set(spec, digest);
  }
  return digest;
}

/**
 * Covers every applied spec with its source, how many instances of each app run, and each app's
 * applied revision (a step that changes no field, a forced reload, still moves it): what plan() reads
 * besides the file, and what makes a saved plan single-use. Independent of the order apps are listed in.
 * Each spec enters by its own digest, remembered per spec object, so planning against 5,000 applied
 * apps does not serialize all of them every time.
 */
export function fingerprint(applied: readonly OwnedSpec[], live: readonly LiveApp[]): string {
  const lines = [
    ...[...applied]
      .sort((a, b) => compareText(a.spec.name, b.spec.name))
      .map(({ source, spec }) => JSON.stringify(['applied', spec.name, source, specDigest(spec)])),
    ...[...live].sort((a, b) => compareText(a.name, b.name)).map(({ name, running, revision }) => JSON.stringify(['live', name, running, revision])),
  ];
  return `sha256:${createHash('sha256').update(lines.join('\n')).digest('hex')}`;
}

/** Code-unit order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
