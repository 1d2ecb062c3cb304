// The per-source run queue: one sync (or rollback, set, diff, remove) of a source at a time, in
// order, on the daemon's keyed queue. An automatic trigger that finds one already queued and not
// started joins it instead of queueing another (a webhook flood is one sync).
import { KeyedLock } from '../keyed-lock.js';

export class SourceQueue {
  private readonly lock = new KeyedLock<string>();
  private readonly running = new Set<string>();
  /** Per source, the automatic run queued and not started yet. */
  private readonly waiting = new Map<string, Promise<unknown>>();

  /** Runs fn after every earlier run of the source, with the source marked running meanwhile. */
  run<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return this.lock.run(name, async () => {
      this.running.add(name);
      try {
        return await fn();
      } finally {
        this.running.delete(name);
      }
    });
  }

  /** Like run, but joins the source's queued run of this kind when one has not started yet. */
  joinable<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const queued = this.waiting.get(name);
    if (queued) return queued as Promise<T>;
    const result = this.run(name, () => {
      if (this.waiting.get(name) === result) this.waiting.delete(name);
      return fn();
    });
    this.waiting.set(name, result);
    return result;
  }

  isRunning(name: string): boolean {
    return this.running.has(name);
  }
}
