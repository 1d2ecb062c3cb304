// The periodic check of every running instance: one timer for all apps, one pidusage call per
// tick. It keeps the metrics `tend ls`, `jlist` and `monit` show fresh, and restarts an instance
// whose memory passes its max_memory_restart (through the callback the daemon gives it).
import type { MetricsHistory } from './metrics-history.js';
import { UsageSampler, type Usage } from './usage-sampler.js';

export interface MonitoredInstance {
  pm_id: number;
  name: string;
  pid: number;
  /** bytes; null when the app has no limit */
  maxMemory: number | null;
}

export interface MonitorOptions {
  /** The instances that run now (online). */
  instances: () => MonitoredInstance[];
  /** The instance's memory passed its limit; resolves when it has been restarted. */
  onMemoryExceeded: (instance: MonitoredInstance, rss: number) => Promise<void>;
  onError?: (error: unknown) => void;
  /** How often metrics are sampled and memory limits checked (ms). */
  intervalMs: number;
  /** Count each process's descendants in its cpu and memory. */
  includeChildren: boolean;
  /** Keeps each tick's samples for the last hour (the console's charts). */
  history: MetricsHistory;
}

export class Monitor {
  private readonly sampler: UsageSampler;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  /** Instances being restarted for their memory: not checked again until that is done. */
  private readonly restarting = new Set<number>();

  constructor(private readonly options: MonitorOptions) {
    // A sample from the last tick is still good for `tend ls`; older ones are taken again.
    this.sampler = new UsageSampler({ includeChildren: options.includeChildren, maxAgeMs: Math.max(500, options.intervalMs - 100) });
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Current usage of these pids (the last tick's sample when fresh). */
  usage(pids: readonly number[]): Promise<Map<number, Usage>> {
    return this.sampler.usage(pids);
  }

  /** One round: sample every running instance, restart those over their memory limit. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const instances = this.options.instances();
      const pids = instances.map((instance) => instance.pid);
      this.sampler.retain(pids);
      const usage = await this.sampler.usage(pids);
      for (const instance of instances) {
        const sample = usage.get(instance.pid);
        if (sample) this.options.history.sample(instance.pm_id, sample);
        const rss = sample?.memory;
        if (instance.maxMemory === null || rss === undefined || rss <= instance.maxMemory || this.restarting.has(instance.pm_id)) continue;
        this.restarting.add(instance.pm_id);
        this.options
          .onMemoryExceeded(instance, rss)
          .catch((error: unknown) => this.options.onError?.(error))
          .finally(() => this.restarting.delete(instance.pm_id));
      }
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      this.ticking = false;
    }
  }
}
