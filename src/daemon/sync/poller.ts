// Polling: one timer per source, at its interval plus jitter (schedule.ts); after each poll the next
// one is scheduled with the interval the source has then. A source with interval 0 is never polled.
import { nextDelay } from './schedule.js';

export interface PollerOptions {
  /** The source's interval in ms, or null when the source is gone. */
  intervalOf: (name: string) => number | null;
  poll: (name: string) => Promise<unknown>;
}

interface Timer {
  handle: NodeJS.Timeout | null;
  /** When the next poll happens (kept while it runs: status shows it). */
  at: number;
}

export class Poller {
  private readonly timers = new Map<string, Timer>();
  private stopped = false;

  constructor(private readonly options: PollerOptions) {}

  /** (Re)starts the source's timer from now, with its current interval. */
  schedule(name: string): void {
    this.cancel(name);
    const interval = this.options.intervalOf(name);
    if (this.stopped || interval === null || interval <= 0) return;
    const delay = nextDelay(interval, Math.random());
    const timer: Timer = { handle: null, at: Date.now() + delay };
    timer.handle = setTimeout(() => {
      timer.handle = null;
      void this.options.poll(name).finally(() => {
        if (this.timers.get(name) === timer) this.schedule(name);
      });
    }, delay);
    timer.handle.unref();
    this.timers.set(name, timer);
  }

  cancel(name: string): void {
    const timer = this.timers.get(name);
    if (timer?.handle) clearTimeout(timer.handle);
    this.timers.delete(name);
  }

  nextAt(name: string): number | null {
    return this.timers.get(name)?.at ?? null;
  }

  stop(): void {
    this.stopped = true;
    for (const name of [...this.timers.keys()]) this.cancel(name);
  }
}
