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

/** Room for a large answer (many apps) plus what a file prints while loading. */
const maxOutputChars = 16 * 1024 * 1024;

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
    let flooded = false;
    // The answer is the last line; what the file prints while loading is bounded, never buffered whole.
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.length > maxOutputChars) {
        flooded = true;
        child.kill('SIGKILL');
        stdout = '';
      }
    });
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
        const why = flooded
          ? `printed more than ${maxOutputChars / 1024 / 1024} MiB while loading and was stopped`
          : signal === 'SIGKILL'
            ? `took longer than ${timeoutMs} ms`
            : code === 0
              ? "gave no answer (its output did not end with the loader's result)"
              : `exited with ${code ?? signal ?? '?'}`;
        reject(new TendError('E_SYNC_LOAD', `loading ${file} ${why}${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`));
        return;
      }
      if (answer.ok) resolve({ apps: answer.apps, warnings: answer.warnings });
      else reject(fromWire(answer.error));
    });
  });
}
