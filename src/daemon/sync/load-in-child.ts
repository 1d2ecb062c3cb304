// Loads an ecosystem file in a separate short-lived Node process (load-child-main.js) and returns
// its normalized apps: git sync loads files from commits it fetched, and their code must not run
// inside the daemon. The child gets the given env (what a JS file reads from process.env).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TendError, fromWire, type WireError } from '../../errors/index.js';
import type { AppSpec } from '../../ecosystem/types.js';

const childEntry = fileURLToPath(new URL('../../ecosystem/load-child-main.js', import.meta.url));

export interface ChildLoadOptions {
  cwd: string;
  env: Record<string, string>;
  /** The env_<name> overlay. */
  envName?: string;
  timeoutMs?: number;
}

type ChildAnswer = { ok: true; apps: AppSpec[]; warnings: string[] } | { ok: false; error: WireError };

export function loadEcosystemInChild(file: string, options: ChildLoadOptions): Promise<{ apps: AppSpec[]; warnings: string[] }> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childEntry, file, options.cwd, ...(options.envName ? [options.envName] : [])], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new TendError('E_SYNC_LOAD', `cannot start the loader: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      let answer: ChildAnswer;
      try {
        answer = JSON.parse(line) as ChildAnswer;
      } catch {
        const why = signal === 'SIGKILL' ? `took longer than ${timeoutMs} ms` : `exited with ${code ?? signal ?? '?'}`;
        reject(new TendError('E_SYNC_LOAD', `loading ${file} ${why}${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`));
        return;
      }
      if (answer.ok) resolve({ apps: answer.apps, warnings: answer.warnings });
      else reject(fromWire(answer.error));
    });
  });
}
