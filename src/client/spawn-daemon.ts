// Starts a detached daemon for a TEND_HOME and waits until it listens (it prints one line when it
// does) or says that another daemon owns the home (it lost a race with a parallel start).
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TendError } from '../errors/index.js';
import type { HomePaths } from '../protocol/home.js';

const daemonEntry = fileURLToPath(new URL('../daemon/main.js', import.meta.url));
/**
 * V8 grows the young generation to 8 MiB while the daemon starts (and during a log flood) and keeps
 * it: at 1 MiB per semi-space the daemon keeps about 1.2 MiB less private memory idle, 4.8 MiB less
 * with 50 apps and 20 MiB less at the peak of a log flood; the flood and crash-restart timings
 * measured no worse (docs/benchmarks.md).
 */
const daemonFlags = ['--max-semi-space-size=1'];
const startTimeoutMs = 15_000;

/** `ready`: this call's daemon listens; `owned`: another daemon (that pid) owns the home. */
export type StartOutcome = { ready: true } | { ready: false; owner: number };

/** Creates the home (0700) or says, with a code, why it cannot be one. */
export function prepareHome(home: string): void {
  try {
    makeDirectories(home, 0o700);
    if (!statSync(home).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    accessSync(home, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'ENOTDIR' || code === 'EEXIST') {
      throw new TendError('E_HOME_INVALID', `TEND_HOME ${home} is not a directory (it, or a folder above it, is a file)`, {
        hint: 'Point TEND_HOME at a directory (it is created when missing), or move the file away.',
      });
    }
    throw new TendError('E_HOME_INVALID', `TEND_HOME ${home} cannot be written (${code})`, {
      hint: 'Point TEND_HOME at a directory you can write (on a writable file system), or fix its permissions.',
    });
  }
}

/**
 * `mkdir -p`, one folder at a time, so that the first one that cannot be made says why. Node 20's
 * recursive mkdir reports every failure as ENOENT, and never returns where the parent exists but
 * refuses the child with ENOENT (TEND_HOME=/proc/x hung every command).
 */
function makeDirectories(path: string, mode: number): void {
  const missing: string[] = [];
  for (let folder = path; !existsSync(folder) && dirname(folder) !== folder; folder = dirname(folder)) missing.unshift(folder);
  for (const folder of missing) {
    try {
      mkdirSync(folder, { mode });
    } catch (error) {
      // Made meanwhile by a parallel start: fine, as long as it is a folder (checked by the caller).
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

export function startDaemon(paths: HomePaths): Promise<StartOutcome> {
  prepareHome(paths.home);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...daemonFlags, daemonEntry], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TEND_HOME: paths.home },
    });
    let output = '';
    const timer = setTimeout(() => finish(new TendError('E_DAEMON_START', `the daemon did not start within ${startTimeoutMs / 1000} s`)), startTimeoutMs);
    const finish = (outcome: StartOutcome | TendError): void => {
      clearTimeout(timer);
      child.stdout.destroy();
      child.stderr.destroy();
      child.removeAllListeners('close');
      child.unref();
      if (outcome instanceof TendError) reject(outcome);
      else resolve(outcome);
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (!output.includes('\n')) return;
      const first = output.slice(0, output.indexOf('\n'));
      const owned = /^owned (\d+)$/.exec(first);
      if (first === 'ready') finish({ ready: true });
      else if (owned) finish({ ready: false, owner: Number(owned[1]) });
      else finish(new TendError('E_DAEMON_START', `the daemon failed to start: ${first}`));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('close', (code) =>
      finish(new TendError('E_DAEMON_START', `the daemon exited during start (code ${code ?? 'none'}): ${output.trim().split('\n').slice(-3).join(' ')}`)),
    );
  });
}
