// CPU and memory of processes in one pidusage call per sample, optionally adding each process's
// descendants (a shell script's node child, a worker pool). Samples younger than `maxAgeMs` are
// reused, so `tend ls` right after the monitor's tick costs nothing. pidusage is loaded with the first
// process to measure (a daemon without apps does not spend its memory).
import type pidusage from 'pidusage';
import { descendantsOf } from './children.js';

export interface Usage {
  /** percent of one core, one decimal */
  cpu: number;
  /** resident set size, bytes */
  memory: number;
}

interface Sample extends Usage {
  at: number;
}

async function measure(pids: readonly number[]): Promise<Map<number, Usage>> {
  const found = new Map<number, Usage>();
  if (pids.length === 0) return found;
  const { default: pidusage } = await import('pidusage');
  let stats: Record<string, pidusage.Status | undefined>;
  try {
    stats = await pidusage([...pids]);
  } catch {
    // One process ended between listing and reading: measure the others one by one.
    stats = {};
    await Promise.all(
      pids.map(async (pid) => {
        stats[pid] = await pidusage(pid).catch(() => undefined);
      }),
    );
  }
  for (const [pid, stat] of Object.entries(stats)) if (stat) found.set(Number(pid), { cpu: stat.cpu, memory: stat.memory });
  return found;
}

export class UsageSampler {
  private readonly samples = new Map<number, Sample>();

  constructor(private readonly options: { includeChildren: boolean; maxAgeMs: number; now?: () => number }) {}

  /** Usage of each pid (children included when configured); pids that are gone are left out. */
  async usage(pids: readonly number[]): Promise<Map<number, Usage>> {
    const now = this.options.now?.() ?? Date.now();
    const stale = pids.filter((pid) => (this.samples.get(pid)?.at ?? -Infinity) < now - this.options.maxAgeMs);
    if (stale.length > 0) await this.refresh(stale, now);
    const result = new Map<number, Usage>();
    for (const pid of pids) {
      const sample = this.samples.get(pid);
      if (sample) result.set(pid, { cpu: sample.cpu, memory: sample.memory });
    }
    return result;
  }

  /** Forgets pids that are no longer asked about (their processes have ended). */
  retain(pids: readonly number[]): void {
    const keep = new Set(pids);
    for (const pid of this.samples.keys()) if (!keep.has(pid)) this.samples.delete(pid);
  }

  private async refresh(pids: readonly number[], at: number): Promise<void> {
    const families = new Map(pids.map((pid) => [pid, this.options.includeChildren ? [pid, ...descendantsOf(pid)] : [pid]]));
    const measured = await measure([...new Set([...families.values()].flat())]);
    for (const [pid, family] of families) {
      if (!measured.has(pid)) {
        this.samples.delete(pid);
        continue;
      }
      let cpu = 0;
      let memory = 0;
      for (const member of family) {
        const usage = measured.get(member);
        cpu += usage?.cpu ?? 0;
        memory += usage?.memory ?? 0;
      }
      this.samples.set(pid, { cpu: Math.round(cpu * 10) / 10, memory, at });
    }
  }
}
