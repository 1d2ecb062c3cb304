// Every commit gets its own release directory, so every app of a new commit has a new cwd — which
// the planner rightly calls a reload. An app's code is the whole commit (it may require ../lib from
// its cwd) unless it narrows it with `code_paths`. An app whose code did not change between the commit
// it runs and the new one — only the ecosystem file did, or only paths outside its code_paths — is
// pinned to the release it runs from: only its real config changes (instances, env) reach the plan.
import { join, relative, sep } from 'node:path';
import type { AppSpec } from '../../ecosystem/types.js';

export interface PinInput {
  /** Specs loaded from the new release. */
  specs: AppSpec[];
  revision: string;
  releaseDir: string;
  /** The ecosystem file, relative to the repository root: its changes are the specs' changes. */
  ecosystemPath: string;
  /** The applied spec of an app of this source, if it runs. */
  appliedSpec: (name: string) => AppSpec | undefined;
  /** The release directory of a commit, when it is still on disk. */
  releaseDirOf: (revision: string) => string | undefined;
  changedFiles: (from: string, to: string) => Promise<string[]>;
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

/** Replaces every occurrence of one directory by another in a spec's strings. */
function moveSpec(spec: AppSpec, from: string, to: string): AppSpec {
  const quote = (text: string): string => JSON.stringify(text).slice(1, -1);
  return JSON.parse(JSON.stringify(spec).split(quote(from)).join(quote(to))) as AppSpec;
}

export async function pinUntouched(input: PinInput): Promise<{ specs: AppSpec[]; pinned: string[] }> {
  const diffs = new Map<string, Promise<string[]>>();
  const changedSince = (from: string): Promise<string[]> => {
    let files = diffs.get(from);
    if (files === undefined) {
      files = input.changedFiles(from, input.revision);
      diffs.set(from, files);
    }
    return files;
  };
  const pinned: string[] = [];
  const specs: AppSpec[] = [];
  for (const spec of input.specs) {
    const old = input.appliedSpec(spec.name);
    const oldRevision = old?.revision ?? null;
    const oldDir = oldRevision === null ? undefined : input.releaseDirOf(oldRevision);
    if (old === undefined || oldRevision === null || oldRevision === input.revision || oldDir === undefined || !JSON.stringify(old).includes(oldDir)) {
      specs.push(spec);
      continue;
    }
    const files = (await changedSince(oldRevision)).filter((file) => file !== input.ecosystemPath).map((file) => join(input.releaseDir, file));
    const codeDirs = spec.code_paths.map((path) => join(input.releaseDir, path));
    const touched = codeDirs.length === 0 ? files.length > 0 : files.some((file) => file === spec.script || codeDirs.some((dir) => isInside(file, dir)));
    if (touched) {
      specs.push(spec);
      continue;
    }
    const moved = moveSpec(spec, input.releaseDir, oldDir);
    if (spec.revision === input.revision) moved.revision = oldRevision;
    specs.push(moved);
    pinned.push(spec.name);
  }
  return { specs, pinned };
}
