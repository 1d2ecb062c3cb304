// The build hook: a shell command run in a release directory, bounded by a timeout, its output kept
// in a log file (and its last lines in the error) so a failed build can be read afterwards.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface BuildResult {
  ok: boolean;
  /** Exit code, or null when killed. */
  code: number | null;
  timedOut: boolean;
  /** The last lines of combined output, for the status message. */
  tail: string;
  ms: number;
}

const tailLines = 5;

export function runBuild(command: string, options: { cwd: string; env: Record<string, string>; timeoutMs: number; logFile: string }): Promise<BuildResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const log = createWriteStream(options.logFile, { mode: 0o600 });
    log.write(`$ ${command}\n`);
    let recent = '';
    const keep = (chunk: Buffer): void => {
      log.write(chunk);
      recent = (recent + chunk.toString('utf8')).slice(-4096);
    };
    // Its own process group, so a timeout kills everything the command started.
    const child = spawn('/bin/sh', ['-c', command], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, options.timeoutMs);
    const finish = (code: number | null, error?: Error): void => {
      clearTimeout(timer);
      if (error) keep(Buffer.from(`${error.message}\n`));
      const ms = Date.now() - started;
      log.end(`\n[tend] exit ${code ?? 'killed'}${timedOut ? ` (timed out after ${options.timeoutMs} ms)` : ''} in ${ms} ms\n`);
      const tail = recent.trimEnd().split('\n').slice(-tailLines).join('\n');
      resolve({ ok: code === 0 && !timedOut, code, timedOut, tail, ms });
    };
    child.once('error', (error) => finish(null, error));
    child.once('close', (code) => finish(code));
  });
}
