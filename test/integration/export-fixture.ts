// Projects for the `tend export` tests: a bundled example or the every-field fixture copied into a temp
// directory of a fixed name, exported through the real CLI with a fixed --root (same input, same bytes).
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { repoRoot, runCli, type CliResult } from '../support/cli.js';

export const exportTargetNames = ['kubernetes', 'nomad', 'compose', 'systemd'] as const;
export type TargetName = (typeof exportTargetNames)[number];

export interface ExportCase {
  name: string;
  /** The project directory in the repository. */
  dir: string;
  file: string;
}

export const exportCases: readonly ExportCase[] = [
  { name: 'examples-js', dir: join(repoRoot, 'manifests/examples'), file: 'ecosystem.config.js' },
  { name: 'examples-yaml', dir: join(repoRoot, 'manifests/examples'), file: 'quickstart.yaml' },
  { name: 'every-field', dir: join(repoRoot, 'test/fixtures/export/every-field'), file: 'ecosystem.config.yaml' },
];

export function exportCase(name: string): ExportCase {
  const found = exportCases.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no export case ${name}`);
  return found;
}

export const goldenRoot = join(repoRoot, 'test/fixtures/export/golden');

/** A temp parent removed by `cleanup`; projects inside keep their repository directory name. */
export function exportWorkspace(): { copyProject(exportCase: ExportCase): string; cleanup(): void } {
  const base = mkdtempSync(join(tmpdir(), 'tend-export-'));
  let count = 0;
  return {
    copyProject(exportCase) {
      count += 1;
      const parent = join(base, String(count));
      mkdirSync(parent);
      const project = join(parent, basename(exportCase.dir));
      cpSync(exportCase.dir, project, { recursive: true, filter: (source) => !source.split(sep).includes('tend-export') });
      return project;
    },
    cleanup() {
      rmSync(base, { recursive: true, force: true });
    },
  };
}

export function hostRootOf(exportCase: ExportCase): string {
  return `/srv/${basename(exportCase.dir)}`;
}

export async function runExport(project: string, exportCase: ExportCase, target: TargetName, extra: readonly string[] = []): Promise<CliResult> {
  return runCli(['export', target, exportCase.file, '--root', hostRootOf(exportCase), ...extra], { cwd: project });
}

/** Every file under dir, by path relative to it (forward slashes), with its content. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string): void => {
    for (const entry of readdirSync(current).sort()) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path).split(sep).join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return files;
}
