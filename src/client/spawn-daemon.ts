// Starts a detached daemon for a TEND_HOME and waits until it listens (it prints one line when it does).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TendError } from '../errors/index.js';
import type { HomePaths } from '../protocol/home.js';

const daemonEntry = fileURLToPath(new URL('../daemon/main.js', import.meta.url));
const startTimeoutMs = 15_000;

export function startDaemon(paths: HomePaths): Promise<void> {
  mkdirSync(paths.home, { recursive: true, mode: 0o700 });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [daemonEntry], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TEND_HOME: paths.home },
    });
    let output = '';
    const timer = setTimeout(() => finish(new TendError('E_DAEMON_START', `the daemon did not start within ${startTimeoutMs / 1000} s`)), startTimeoutMs);
    const finish = (error?: TendError): void => {
      clearTimeout(timer);
      child.stdout.destroy();
      child.stderr.destroy();
      child.unref();
      if (error) reject(error);
      else resolve();
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('\n')) {
        const first = output.slice(0, output.indexOf('\n'));
        if (first === 'ready') finish();
        else finish(new TendError('E_DAEMON_START', `the daemon failed to start: ${first}`));
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('exit', (code) => finish(new TendError('E_DAEMON_START', `the daemon exited during start (code ${code ?? 'none'}): ${output.trim().split('\n').slice(-3).join(' ')}`)));
  });
}
