// Which ecosystem file a command means: the one given, or the first default name in the directory.
// Apart from the loader so that the daemon (git sync) can use it without loading the parsers.
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { TendError } from '../errors/index.js';

/** Files looked for, in order, when no file is given. */
export const defaultFileNames = [
  'ecosystem.config.js',
  'ecosystem.config.cjs',
  'ecosystem.config.mjs',
  'ecosystem.config.json',
  'ecosystem.config.yaml',
  'ecosystem.config.yml',
];

export function findEcosystemFile(file: string | undefined, cwd: string): string {
  if (file !== undefined) return resolve(cwd, file);
  const found = defaultFileNames.map((name) => join(cwd, name)).find((candidate) => existsSync(candidate));
  if (found === undefined) throw new TendError('E_FILE_NOT_FOUND', `no ecosystem file in ${cwd}`);
  return found;
}

/** Ecosystem files are recognised by name, as PM2 does (any other argument is a script or a target). */
export function isEcosystemFile(arg: string): boolean {
  const name = basename(arg);
  return /\.(json|ya?ml)$/i.test(name) || /(^|[.-])(ecosystem|config)[^/]*\.(c|m)?js$/i.test(name) || name === 'package.json';
}
