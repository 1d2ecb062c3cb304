// When a new process counts as started. Fork mode: at spawn. wait_ready: when the app sends 'ready'.
// Cluster mode: when the worker listens — or, for apps never seen listening (queue workers), when it
// survives listen_timeout. Anything else within listen_timeout is a failed start, never a silent success.
import { TendError } from '../../errors/index.js';
import type { AppProcess, ExitInfo } from './app-process.js';

export interface ReadinessRule {
  waitReady: boolean;
  timeoutMs: number;
  /** Cluster apps: whether a worker of this app was ever seen listening. */
  knownToListen: boolean;
  /** For messages: `web (id 3)`. */
  label: string;
}

/** A failed start; `exit` is set when the process exited (rather than timed out). */
export class StartFailure extends TendError {
  constructor(
    message: string,
    readonly exit: ExitInfo | null,
    code: 'E_START_FAILED' | 'E_READY_TIMEOUT',
    stderr: string[] = [],
  ) {
    super(code, message, stderr.length > 0 ? { details: { stderr } } : {});
  }
}

/** The line of a crash report that says what went wrong (not a stack frame, not Node's version banner). */
function telling(lines: readonly string[]): string | undefined {
  return lines.filter((line) => !/^\s+at /.test(line) && !/^Node\.js v\d/.test(line) && line.trim() !== '^').at(-1);
}

export function describeExit(exit: ExitInfo): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code ?? '?'}`;
}

export async function exitedEarly(proc: AppProcess, exit: ExitInfo, label: string): Promise<StartFailure> {
  const stderr = await proc.lastErrorLines();
  const last = telling(stderr);
  return new StartFailure(`${label} ${describeExit(exit)} before it was ready${last ? `: ${last.trim()}` : ''}`, exit, 'E_START_FAILED', stderr);
}

export function waitUntilReady(proc: AppProcess, rule: ReadinessRule): Promise<void> {
  const byListening = proc.mode === 'cluster' && !rule.waitReady;
  if (!rule.waitReady && !byListening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (outcome: () => void): void => {
      clearTimeout(timer);
      proc.off('message', onMessage);
      proc.off('listening', onListening);
      proc.off('exit', onExit);
      outcome();
    };
    const onMessage = (message: unknown): void => {
      if (rule.waitReady && message === 'ready') settle(resolve);
    };
    const onListening = (): void => {
      if (byListening) settle(resolve);
    };
    const onExit = (exit: ExitInfo): void => settle(() => void exitedEarly(proc, exit, rule.label).then(reject));
    const timer = setTimeout(() => {
      if (byListening && !rule.knownToListen) settle(resolve);
      else {
        const awaited = rule.waitReady ? "did not send 'ready'" : 'did not listen';
        settle(() => reject(new StartFailure(`${rule.label} ${awaited} within listen_timeout (${rule.timeoutMs} ms)`, null, 'E_READY_TIMEOUT')));
      }
    }, rule.timeoutMs);
    proc.on('message', onMessage);
    proc.on('listening', onListening);
    proc.on('exit', onExit);
    if (rule.waitReady ? proc.sawReady : proc.sawListening) settle(resolve);
    else if (proc.exitInfo) onExit(proc.exitInfo);
  });
}
