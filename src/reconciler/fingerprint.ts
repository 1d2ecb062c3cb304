// A stable hash of the state a plan was made from, so that a saved plan can be refused once that
// state has moved (terraform's stale-plan check). Hashing is computation, not I/O.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../ecosystem/hash.js';
import type { OwnedSpec } from '../ecosystem/types.js';
import type { LiveApp } from './types.js';

/**
 * Covers every applied spec with its source, how many instances of each app run, and each app's
 * applied revision (a step that changes no field, a forced reload, still moves it): what plan() reads
 * besides the file, and what makes a saved plan single-use. Independent of the order apps are listed in.
 */
export function fingerprint(applied: readonly OwnedSpec[], live: readonly LiveApp[]): string {
  const state = {
    applied: [...applied].sort((a, b) => compareText(a.spec.name, b.spec.name)).map(({ source, spec }) => ({ source, spec })),
    live: [...live].sort((a, b) => compareText(a.name, b.name)).map(({ name, running, revision }) => ({ name, running, revision })),
  };
  return `sha256:${createHash('sha256').update(canonicalJson(state)).digest('hex')}`;
}

/** Code-unit order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
