// The argv an app runs as on a target, with its paths moved from this machine's project root to the
// target's (a container's /app, or the host directory given with --root). Same rules as the supervisor:
// the spec's command line, plus --enable-source-maps for Node apps when source_map_support is on.
import { basename, isAbsolute, posix, relative, sep } from 'node:path';
import { commandLine } from '../ecosystem/command-line.js';
import type { AppSpec } from '../ecosystem/types.js';

/** A path of this machine under the project root, moved under `root`; null when it lies outside. */
export function placePath(path: string, localRoot: string, root: string): string | null {
  const inside = relative(localRoot, path);
  if (inside === '') return root;
  if (inside.startsWith('..') || isAbsolute(inside)) return null;
  return posix.join(root, inside.split(sep).join('/'));
}

export function isNodeProgram(spec: Pick<AppSpec, 'interpreter'>): boolean {
  return spec.interpreter !== 'none' && basename(spec.interpreter) === 'node';
}

export interface PlacedCommand {
  argv: string[];
  /** The working directory on the target. */
  cwd: string;
}

/** Paths outside the project root stay as they are (fields.ts warns that they must exist on the target). */
export function placedCommand(spec: AppSpec, localRoot: string, root: string): PlacedCommand {
  const place = (path: string): string => placePath(path, localRoot, root) ?? path;
  const cwd = place(spec.cwd);
  // A file script is absolute after normalization; a command on PATH or a shell line is not.
  const script = isAbsolute(spec.script) ? place(spec.script) : spec.script;
  const line = commandLine({ ...spec, script });
  const flags = isNodeProgram(spec) && spec.source_map_support && !line.shell ? ['--enable-source-maps'] : [];
  return { argv: [line.file, ...flags, ...line.args], cwd };
}
