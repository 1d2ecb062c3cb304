// Running commands with timing, and reading a process's state, RSS and CPU time from /proc.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { now } from './clock.js';

export interface CommandResult {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Non-zero exit is returned instead of thrown. */
  allowFailure?: boolean;
  timeoutMs?: number;
}

/** Runs argv to completion; `ms` spans spawn to exit (what a user waits for). */
export function runCommand(argv: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('empty command');
  return new Promise((resolve, reject) => {
    const started = now();
    const child = spawn(file, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    let ended = 0;
    child.on('exit', () => (ended = now()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const result = { ms: ended - started, code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
      if (code !== 0 && options.allowFailure !== true) {
        reject(new Error(`${argv.join(' ')} exited with ${code}: ${result.stderr.trim() || result.stdout.trim()}`.slice(0, 2000)));
      } else {
        resolve(result);
      }
    });
  });
}

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie (a zombie still answers kill(pid, 0)). */
export function isAlive(pid: number): boolean {
  const state = statFields(pid)?.[0];
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/** utime + stime in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
export function cpuTicks(pid: number): number {
  const fields = statFields(pid);
  if (fields === undefined) throw new Error(`process ${pid} is gone`);
  return Number(fields[11]) + Number(fields[12]);
}

/** Clock ticks per second for /proc CPU times (USER_HZ, 100 on Linux). */
export const ticksPerSecond = 100;

function statusKiB(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (match?.[1] === undefined) throw new Error(`no ${field} for process ${pid}`);
  return Number(match[1]);
}

/** Resident set size (VmRSS), MiB. */
export function rssMiB(pid: number): number {
  return statusKiB(pid, 'VmRSS') / 1024;
}

/** The private part of the RSS (RssAnon: heap, stacks), MiB — without the node binary's mapped pages. */
export function anonMiB(pid: number): number {
  return statusKiB(pid, 'RssAnon') / 1024;
}

export function killQuietly(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
