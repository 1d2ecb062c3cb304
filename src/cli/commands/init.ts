// `tend init [--yaml]`: write a commented ecosystem file for the app in the current folder (PM2's `init`,
// which overwrites silently; this one refuses without --force).
import type { Command } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { TendError } from '../../errors/index.js';
import { printInitDone, renderEcosystem, type GuessedApp } from '../views/init.js';

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

export function register(program: Command): void {
  program
    .command('init')
    .alias('ecosystem')
    .description('write a commented ecosystem file for the app in this folder')
    .option('--yaml', 'write ecosystem.config.yaml instead of ecosystem.config.js')
    .option('-f, --force', 'overwrite an existing file')
    .option('--json', 'print the result as JSON')
    .action((options: { yaml?: boolean; force?: boolean; json?: boolean }) => {
      const cwd = process.cwd();
      const format = options.yaml ? 'yaml' : 'js';
      const path = join(cwd, format === 'yaml' ? 'ecosystem.config.yaml' : 'ecosystem.config.js');
      const app = guessApp(cwd);
      try {
        // 'wx' refuses an existing file atomically: no window between a check and the write.
        writeFileSync(path, renderEcosystem(app, format), { flag: options.force ? 'w' : 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new TendError('E_INIT_EXISTS', `${path} already exists`);
        throw error;
      }
      printInitDone(path, app, options.json ?? false);
    });
}
