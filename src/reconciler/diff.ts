// The difference between two normalized specs of one app: the JSON patch, the changed paths at the
// grain people read them (`/env/API_URL`, `/args`), the changed fields' values and the strongest
// action class among them (from the field catalog).
import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { actionClassOf, specFields } from '../ecosystem/catalog.js';
import type { ActionClass, AppSpec } from '../ecosystem/types.js';
import { sameData } from '../ecosystem/same-data.js';

export interface SpecDiff {
  patch: Operation[];
  paths: string[];
  before: Partial<AppSpec>;
  after: Partial<AppSpec>;
  /** The changed top-level fields, in the order of the desired spec's keys. */
  fields: (keyof AppSpec)[];
  /** null when nothing changed. */
  strongest: ActionClass | null;
}

/** Weakest first. */
const classStrength: readonly ActionClass[] = ['live', 'scale', 'reload', 'replace', 'identity'];

export function diffSpecs(before: AppSpec, after: AppSpec): SpecDiff {
  // Most apps of a large file are unchanged: a cheap equality check spares them the patch.
  if (sameData(before, after)) return { patch: [], paths: [], before: {}, after: {}, fields: [], strongest: null };
  const patch = jsonpatch.compare(before, after);
  const order = Object.keys(after);
  const paths = [...new Set(patch.map((op) => readablePath(op.path, before, after)))].sort(
    (a, b) => order.indexOf(topField(a)) - order.indexOf(topField(b)) || a.localeCompare(b),
  );
  const fields = [...new Set(paths.map(topField))] as (keyof AppSpec)[];
  let strongest: ActionClass | null = null;
  for (const field of fields) {
    const actionClass = classOf(field);
    if (strongest === null || classStrength.indexOf(actionClass) > classStrength.indexOf(strongest)) strongest = actionClass;
  }
  return { patch, paths, before: pick(before, fields), after: pick(after, fields), fields, strongest };
}

/** A field the catalog does not know comes from a spec another tend version applied: reloading is safe. */
function classOf(field: string): ActionClass {
  return Object.hasOwn(specFields, field) ? actionClassOf(field as keyof AppSpec) : 'reload';
}

export function pick(spec: AppSpec, fields: readonly (keyof AppSpec)[]): Partial<AppSpec> {
  return Object.fromEntries(fields.map((field) => [field, structuredClone(spec[field])]));
}

export function topField(pointer: string): string {
  return unescapeSegment(pointer.split('/')[1] ?? '');
}

/** Follow the pointer down through objects only: an array is one value (`/args`, not `/args/2`). */
function readablePath(pointer: string, before: AppSpec, after: AppSpec): string {
  const segments = pointer.split('/').slice(1);
  let depth = 1;
  let left = childOf(before, segments[0]);
  let right = childOf(after, segments[0]);
  while (depth < segments.length && (isRecord(left) || isRecord(right))) {
    left = childOf(left, segments[depth]);
    right = childOf(right, segments[depth]);
    depth += 1;
  }
  return `/${segments.slice(0, depth).join('/')}`;
}

function childOf(value: unknown, segment: string | undefined): unknown {
  if (segment === undefined || !isRecord(value)) return undefined;
  return value[unescapeSegment(segment)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function unescapeSegment(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}
