// When a new process counts as started. Fork mode: once it stayed up for min_uptime (an app that dies
// at its first line is a failed start, not a success). wait_ready: when the app sends 'ready'. Cluster
// mode: when the worker listens — or, for apps never seen listening (queue workers), when it survives
// listen_timeout. Then, when the app declares one, its health check must pass. Anything else is a
// failed start, never a silent success.
import type { HealthCheck } from '../../ecosystem/types.js';
import { TendError } from '../../errors/index.js';
import type { AppProcess, ExitInfo } from './app-process.js';
import { passHealthCheck } from './health.js';

export interface ReadinessRule {
  waitReady: boolean;
  timeoutMs: number;
  /** Cluster apps: whether a worker of this app was ever seen listening. */
  knownToListen: boolean;
  /** For messages: `web (id 3)`. */
  label: string;
  /** Fork mode without wait_ready: how long the process must stay up (min_uptime, at most timeoutMs). */
  minUptimeMs: number;
  health: HealthCheck | null;
  /** The instance's env (the health check's default port is its PORT). */
  env: Readonly<Record<string, string>>;
}

/** A failed start; `exit` is set when the process exited (rather than timed out). */
export class StartFailure extends TendError {
  constructor(
    message: string,
    readonly exit: ExitInfo | null,
    code: 'E_START_FAILED' | 'E_READY_TIMEOUT' | 'E_HEALTH_FAILED',
    stderr: string[] = [],
    /** It had started and died within its start window: a crash for the restart policy as well. */
    readonly crashed = false,
  ) {
    super(code, message, stderr.length > 0 ? { details: { stderr } } : {});
  }
}

/**
 * A start whose readiness wait timed out while the process still runs, with nothing older to fall back
 * to: the process is kept (a dead port helps no one) and the caller is told it is not known to be ready.
 */
export class NotReady extends TendError {
  constructor(readonly timedOut: StartFailure) {
    super('E_NOT_READY', `${timedOut.message}: it keeps running, not known to be ready`);
  }
}

/** The line of a crash report that says what went wrong (not a stack frame, not Node's version banner). */
function telling(lines: readonly string[]): string | undefined {
  return lines.filter((line) => !/^\s+at /.test(line) && !/^Node\.js v\d/.test(line) && line.trim() !== '^').at(-1);
}

export function describeExit(exit: ExitInfo): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code ?? '?'}`;
}

export async function exitedEarly(proc: AppProcess, exit: ExitInfo, label: string, crashed = false): Promise<StartFailure> {
  const stderr = await proc.lastErrorLines();
  const last = telling(stderr);
  const when = crashed ? `${exit.at - proc.startedAt} ms after its start` : 'before it was ready';
  return new StartFailure(`${label} ${describeExit(exit)} ${when}${last ? `: ${last.trim()}` : ''}`, exit, 'E_START_FAILED', stderr, crashed);
}

export async function waitUntilReady(proc: AppProcess, rule: ReadinessRule): Promise<void> {
  await signalled(proc, rule);
  await staysHealthy(proc, rule);
}

/** The app said it is ready ('ready', or listening in cluster mode), or needs not say. */
function signalled(proc: AppProcess, rule: ReadinessRule): Promise<void> {
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

/** Stays up for its start window and passes its health check, both while watching for an exit. */
function staysHealthy(proc: AppProcess, rule: ReadinessRule): Promise<void> {
  const upFor = proc.mode === 'fork' && !rule.waitReady ? Math.min(rule.minUptimeMs, rule.timeoutMs) : 0;
  const upRemaining = Math.max(0, upFor - (Date.now() - proc.startedAt));
  if (upRemaining === 0 && rule.health === null)
    return proc.exitInfo ? exitedEarly(proc, proc.exitInfo, rule.label, true).then((failure) => Promise.reject(failure)) : Promise.resolve();
  const health = rule.health;
  return new Promise((resolve, reject) => {
    const aborter = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const settle = (outcome: () => void): void => {
      clearTimeout(timer);
      aborter.abort();
      proc.off('exit', onExit);
      outcome();
    };
    const onExit = (exit: ExitInfo): void => settle(() => void exitedEarly(proc, exit, rule.label, true).then(reject));
    const stayedUp = new Promise<void>((done) => (timer = setTimeout(done, upRemaining)));
    const checked = health === null ? Promise.resolve(undefined) : passHealthCheck(health, rule.env, aborter.signal);
    proc.on('exit', onExit);
    if (proc.exitInfo) {
      onExit(proc.exitInfo);
      return;
    }
    void Promise.all([stayedUp, checked]).then(([, problem]) => {
      if (aborter.signal.aborted) return;
      if (problem === undefined) settle(resolve);
      else settle(() => reject(new StartFailure(`${rule.label} failed its health check: ${problem}`, null, 'E_HEALTH_FAILED')));
    });
  });
}
