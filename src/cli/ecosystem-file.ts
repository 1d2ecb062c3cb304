// Ecosystem files are recognised by name, as PM2 does (anything else is a script or a target).
// Kept apart from the loader so that commands can tell without loading it.
import { basename } from 'node:path';

export function isEcosystemFile(arg: string): boolean {
  const name = basename(arg);
  return /\.(json|ya?ml)$/i.test(name) || /(^|[.-])(ecosystem|config)[^/]*\.(c|m)?js$/i.test(name) || name === 'package.json';
}
