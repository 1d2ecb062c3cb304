// Starts `tend web --port 0` for a test home as the user would (the real CLI, a child process) and
// reads the address it prints; stop() ends that process by its pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tendBin } from './cli.js';
import { waitFor } from './daemon.js';

export interface RunningWeb {
  url: string;
  token: () => string;
  output: () => string;
  pid: number;
  stop: () => Promise<void>;
}

export async function startWeb(home: string, extraArgs: readonly string[] = []): Promise<RunningWeb> {
  const child: ChildProcess = spawn(process.execPath, [tendBin, 'web', '--port', '0', ...extraArgs], {
    env: { ...process.env, TEND_HOME: home, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await waitFor(
    'tend web to listen',
    () => /listening on (http:\/\/\S+)/.exec(output)?.[1] ?? (child.exitCode !== null ? Promise.reject(new Error(output)) : null),
    20_000,
  );
  return {
    url,
    token: () => readFileSync(join(home, 'web-token'), 'utf8').trim(),
    output: () => output,
    pid: child.pid ?? 0,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
