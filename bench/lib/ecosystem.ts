// Ecosystem files both tools read: JSON with an `apps` list, absolute paths.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type AppConfig = Record<string, unknown> & { name: string; script: string };

export function writeEcosystem(dir: string, fileName: string, apps: readonly AppConfig[]): string {
  const file = join(dir, fileName);
  writeFileSync(file, `${JSON.stringify({ apps }, null, 2)}\n`);
  return file;
}

/** `count` idle apps named <prefix>-<n>. */
export function idleApps(appsDir: string, prefix: string, count: number, extra: Record<string, unknown> = {}): AppConfig[] {
  return Array.from({ length: count }, (_, index) => ({ name: `${prefix}-${index}`, script: join(appsDir, 'idle.js'), ...extra }));
}
