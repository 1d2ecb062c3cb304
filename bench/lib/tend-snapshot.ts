// A copy of the compiled tend taken when the run starts, so that every figure measures the same build
// even if dist/ is rebuilt meanwhile (the checkout may be shared). Dependencies are linked, not copied.
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Copies bin/, dist/src/, dist/bundle/ and package.json of repoRoot under dir; returns the CLI script's path. */
export function snapshotTend(repoRoot: string, dir: string): string {
  mkdirSync(join(dir, 'dist'), { recursive: true });
  cpSync(join(repoRoot, 'bin'), join(dir, 'bin'), { recursive: true });
  for (const part of ['src', 'bundle']) cpSync(join(repoRoot, 'dist', part), join(dir, 'dist', part), { recursive: true });
  cpSync(join(repoRoot, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return join(dir, 'bin', 'tend.js');
}
