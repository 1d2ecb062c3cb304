// Stopping one app process for good: (cluster) drain its servers, then the stop signal — or the
// 'shutdown' message — to the app and, with treekill, its process group and descendants; SIGKILL for
// whatever is still there after kill_timeout. Resolves once the process has really exited.
import { setTimeout as delay } from 'node:timers/promises';
import type { AppSpec } from '../../ecosystem/types.js';
import type { AppProcess, ExitInfo } from './app-process.js';
import { isSignalName, signalAll, survivors, victimsOf, waitGone, type Victim } from './kill.js';

export type StopSpec = Pick<AppSpec, 'kill_signal' | 'kill_timeout' | 'treekill' | 'shutdown_with_message'>;

/** Resolves true if `promise` settles before `deadline`. */
async function before(promise: Promise<unknown>, deadline: number): Promise<boolean> {
  const abort = new AbortController();
  const timeout = delay(Math.max(0, deadline - Date.now()), false, { signal: abort.signal }).catch(() => false);
  const won = await Promise.race([promise.then(() => true), timeout]);
  abort.abort();
  return won;
}

/** Asks a cluster worker's bootstrap to drain its servers; resolves when it says so, exits, or time is up. */
async function drain(proc: AppProcess, deadline: number): Promise<void> {
  const drained = new Promise<void>((resolve) => {
    const onMessage = (message: unknown): void => {
      if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'tend:drained') {
        proc.off('message', onMessage);
        resolve();
      }
    };
    proc.on('message', onMessage);
    void proc.exited.then(() => {
      proc.off('message', onMessage);
      resolve();
    });
  });
  if (await proc.send({ type: 'tend:drain' })) await before(drained, deadline);
}

export async function stopProcess(proc: AppProcess, spec: StopSpec): Promise<ExitInfo> {
  const deadline = Date.now() + spec.kill_timeout;
  const signal: NodeJS.Signals = isSignalName(spec.kill_signal) ? spec.kill_signal : 'SIGINT';
  // A fork-mode app leads its own group; a cluster worker shares the daemon's, so its tree is walked.
  const leader = proc.mode === 'fork' && spec.treekill ? proc.pid : null;
  const victims: Victim[] = proc.exitInfo ? [] : victimsOf(proc.pid, spec.treekill);
  if (proc.mode === 'cluster' && !proc.exitInfo) await drain(proc, deadline);
  const byMessage = spec.shutdown_with_message && !proc.exitInfo && (await proc.send('shutdown'));
  if (!byMessage && !proc.exitInfo) signalAll(victims, signal, leader);
  if (!(await before(proc.exited, deadline))) signalAll(survivors(victims), 'SIGKILL', leader);
  const exit = await proc.exited;
  // What the app started may outlive it briefly: give it the rest of kill_timeout, then SIGKILL.
  let left = survivors(victims);
  if (left.length > 0 && byMessage) signalAll(left, signal, leader);
  left = await waitGone(left, deadline);
  if (left.length > 0) {
    signalAll(left, 'SIGKILL', leader);
    await waitGone(left, Date.now() + 1000);
  }
  return exit;
}
