// The pinned PM2 the figures are compared with, installed once into bench/.work (gitignored).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './proc.js';

export const pm2Version = '7.0.4';

/** Installs pm2@pm2Version under workDir unless present; returns the path of its CLI script. */
export async function ensurePm2(workDir: string): Promise<string> {
  const prefix = join(workDir, `pm2-${pm2Version}`);
  const packageFile = join(prefix, 'node_modules', 'pm2', 'package.json');
  const installed = existsSync(packageFile) && (JSON.parse(readFileSync(packageFile, 'utf8')) as { version: string }).version === pm2Version;
  if (!installed) {
    mkdirSync(prefix, { recursive: true });
    process.stderr.write(`installing pm2@${pm2Version} into ${prefix} …\n`);
    await runCommand(['npm', 'install', '--prefix', prefix, `pm2@${pm2Version}`, '--no-audit', '--no-fund'], { timeoutMs: 300_000 });
  }
  return join(prefix, 'node_modules', 'pm2', 'bin', 'pm2');
}
