// What happens when an app exits on its own: stay stopped, give up (errored), or restart after a delay.
// Pure arithmetic over the spec's policy fields and the slot's crash history, so it is table-tested.
import type { AppSpec } from '../../ecosystem/types.js';

export const BACKOFF_FACTOR = 1.5;
export const BACKOFF_CAP_MS = 15_000;
/** A process that stayed up this long starts the backoff over. */
export const BACKOFF_RESET_MS = 30_000;

/** The backoff reset time of the daemon: TEND_BACKOFF_RESET_TIMER or PM2's EXP_BACKOFF_RESET_TIMER (ms). */
export function backoffResetMs(env: NodeJS.ProcessEnv): number {
  const given = Number(env.TEND_BACKOFF_RESET_TIMER ?? env.EXP_BACKOFF_RESET_TIMER);
  return Number.isFinite(given) && given > 0 ? given : BACKOFF_RESET_MS;
}

export type RestartPolicy = Pick<AppSpec, 'autorestart' | 'max_restarts' | 'min_uptime' | 'restart_delay' | 'exp_backoff_restart_delay' | 'stop_exit_codes'>;

export interface CrashHistory {
  /** Unstable exits (sooner than min_uptime) in a row; a stable run resets it. */
  readonly unstableStreak: number;
  /** The last exponential backoff delay, 0 before the first one (PM2's prev_restart_delay). */
  readonly backoffMs: number;
}

export const freshHistory: CrashHistory = { unstableStreak: 0, backoffMs: 0 };

export interface ExitFacts {
  code: number | null;
  signal: string | null;
  /** How long the process ran. */
  uptimeMs: number;
}

export type ExitDecision =
  | { action: 'stop'; reason: 'autorestart is off' | 'stop exit code' }
  | { action: 'errored'; reason: string }
  | { action: 'restart'; delayMs: number; unstable: boolean };

export function nextBackoff(previousMs: number, baseMs: number): number {
  if (previousMs === 0) return baseMs;
  return Math.max(baseMs, Math.min(Math.round(previousMs * BACKOFF_FACTOR), BACKOFF_CAP_MS));
}

export function decideOnExit(
  policy: RestartPolicy,
  history: CrashHistory,
  exit: ExitFacts,
  resetMs = BACKOFF_RESET_MS,
): { decision: ExitDecision; history: CrashHistory } {
  if (!policy.autorestart) return { decision: { action: 'stop', reason: 'autorestart is off' }, history };
  if (exit.signal === null && exit.code !== null && policy.stop_exit_codes.includes(exit.code)) {
    return { decision: { action: 'stop', reason: 'stop exit code' }, history };
  }
  const unstable = exit.uptimeMs < policy.min_uptime;
  if (unstable && history.unstableStreak >= policy.max_restarts) {
    const reason = `exited ${history.unstableStreak + 1} times in a row within min_uptime (${policy.min_uptime} ms); max_restarts is ${policy.max_restarts}`;
    return { decision: { action: 'errored', reason }, history };
  }
  const unstableStreak = unstable ? history.unstableStreak + 1 : 0;
  if (policy.exp_backoff_restart_delay > 0) {
    const previous = exit.uptimeMs >= resetMs ? 0 : history.backoffMs;
    const delayMs = nextBackoff(previous, policy.exp_backoff_restart_delay);
    return { decision: { action: 'restart', delayMs, unstable }, history: { unstableStreak, backoffMs: delayMs } };
  }
  return { decision: { action: 'restart', delayMs: policy.restart_delay, unstable }, history: { unstableStreak, backoffMs: 0 } };
}
