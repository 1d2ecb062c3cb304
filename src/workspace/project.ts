// The project in a folder, as `tend init` sees it: which app it holds (from package.json or a common
// entry file), and writing the ecosystem file for it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface GuessedApp {
  readonly name: string;
  /** Relative to the ecosystem file's folder, or a command on PATH (npm). */
  readonly script: string;
  readonly args: string | null;
  /** Where the guess came from, said in the file so the user can check it. */
  readonly reason: string;
}

interface PackageJson {
  name?: unknown;
  main?: unknown;
  scripts?: { start?: unknown };
}

/** Entry files looked for when package.json says nothing, in order. */
const commonEntries = ['index.js', 'server.js', 'app.js', 'main.js', 'index.mjs', 'index.cjs'];

/** `node [flags] file [args]` in a start script: the file is the script, the rest its arguments. */
const nodeStart = /^node\s+(?:-\S+\s+)*([^\s-][^\s]*\.[cm]?js)(?:\s+(.+))?$/;

function readPackage(cwd: string): PackageJson | null {
  const path = join(cwd, 'package.json');
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PackageJson;
  } catch {
    return null;
  }
}

function appName(pkg: PackageJson | null, cwd: string): string {
  // Scoped package names (@scope/name) keep only the name: app names have no slashes.
  const name = typeof pkg?.name === 'string' && pkg.name !== '' ? pkg.name.replace(/^@[^/]+\//, '') : basename(cwd);
  return name.replace(/[\s/\\]+/g, '-') || 'app';
}

export function guessApp(cwd: string): GuessedApp {
  const pkg = readPackage(cwd);
  const name = appName(pkg, cwd);
  const start = typeof pkg?.scripts?.start === 'string' ? pkg.scripts.start.trim() : null;
  const fromNode = start === null ? null : nodeStart.exec(start);
  if (fromNode?.[1]) return { name, script: relative(fromNode[1]), args: fromNode[2] ?? null, reason: 'the "start" script of package.json' };
  if (typeof pkg?.main === 'string' && pkg.main !== '') return { name, script: relative(pkg.main), args: null, reason: 'the "main" field of package.json' };
  if (start !== null) return { name, script: 'npm', args: 'start', reason: 'the "start" script of package.json' };
  const entry = commonEntries.find((file) => existsSync(join(cwd, file)));
  if (entry) return { name, script: `./${entry}`, args: null, reason: `the file ${entry}` };
  return { name, script: './index.js', args: null, reason: 'nothing (no package.json or entry file found): edit it' };
}

function relative(path: string): string {
  return path.startsWith('./') || path.startsWith('../') || path.startsWith('/') ? path : `./${path}`;
}

/** Writes the file; refuses to replace an existing one unless `force` (EEXIST reaches the caller). */
export function writeNewFile(path: string, text: string, force: boolean): void {
  writeFileSync(path, text, { flag: force ? 'w' : 'wx' });
}
