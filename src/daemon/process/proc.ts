// Reading the Linux process table from /proc: parents (for tree kills), process groups, and start times
// (a pid plus its start time names one process for good, even after the pid is reused).
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  ppid: number;
  pgid: number;
  /** Field 22: clock ticks since boot when the process started. */
  start: string;
  /** Field 3: R, S, D, Z (zombie: exited, not yet reaped), … */
  state: string;
}

/** The process's /proc/<pid>/stat, or null when it does not exist (any more). */
export function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may itself contain spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const [state, ppid, pgid] = fields;
  const start = fields[19];
  if (state === undefined || ppid === undefined || pgid === undefined || start === undefined) return null;
  return { pid, ppid: Number(ppid), pgid: Number(pgid), start, state };
}

export function startTimeOf(pid: number): string | null {
  return readStat(pid)?.start ?? null;
}

/** True while the very process that had `start` at spawn time still runs (zombies count as gone). */
export function isSameProcess(pid: number, start: string): boolean {
  const stat = readStat(pid);
  return stat !== null && stat.start === start && stat.state !== 'Z';
}

export function allProcesses(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) stats.push(stat);
  }
  return stats;
}

/** Every live descendant of `pid` (children, grandchildren, …), whatever process group they moved to. */
export function descendantsOf(pid: number, table: readonly ProcStat[] = allProcesses()): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const stat of table) {
    const siblings = children.get(stat.ppid);
    if (siblings) siblings.push(stat);
    else children.set(stat.ppid, [stat]);
  }
  const found: ProcStat[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      if (child.state === 'Z') continue;
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/** Live members of the process group `pgid`. */
export function groupMembers(pgid: number, table: readonly ProcStat[] = allProcesses()): ProcStat[] {
  return table.filter((stat) => stat.pgid === pgid && stat.state !== 'Z');
}
