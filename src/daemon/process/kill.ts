// Signalling a process with everything it started: its process group (kill -pid) and, with treekill,
// descendants that left the group. Victims are remembered with their start time, so a later SIGKILL
// never hits an unrelated process that reused a pid.
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { TendError } from '../../errors/index.js';
import { allProcesses, descendantsOf, groupMembers, isSameProcess, readStat } from './proc.js';

export interface Victim {
  pid: number;
  start: string;
}

export function isSignalName(name: string): name is NodeJS.Signals {
  return Object.hasOwn(constants.signals, name);
}

export function checkSignal(name: string): NodeJS.Signals {
  if (!isSignalName(name)) throw new TendError('E_UNKNOWN_SIGNAL', `unknown signal '${name}'`);
  return name;
}

/** kill(2) that treats "no such process" as a normal outcome; true when delivered. */
export function deliver(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH' || (error as NodeJS.ErrnoException).code === 'EPERM') return false;
    throw error;
  }
}

/**
 * The processes a stop of `pid` concerns: the process itself, its group when it leads one, and its
 * descendants when `tree` is set. Taken before any signal, while parent links still exist.
 */
export function victimsOf(pid: number, tree: boolean): Victim[] {
  const root = readStat(pid);
  if (!root || root.state === 'Z') return [];
  const table = allProcesses();
  const found = new Map<number, Victim>([[pid, { pid, start: root.start }]]);
  if (tree) {
    const leader = root.pgid === pid;
    for (const stat of [...(leader ? groupMembers(pid, table) : []), ...descendantsOf(pid, table)]) found.set(stat.pid, { pid: stat.pid, start: stat.start });
  }
  return [...found.values()];
}

/**
 * Sends `signal` to the group of `leader` and to each victim still alive. The group is signalled only
 * while one of our victims is still in it: a group id cannot be reused while the group has members, so
 * it is still ours then.
 */
export function signalAll(victims: readonly Victim[], signal: NodeJS.Signals, leader: number | null): void {
  if (leader !== null && victims.some((victim) => inGroup(victim, leader))) deliver(-leader, signal);
  for (const victim of victims) {
    if (isSameProcess(victim.pid, victim.start)) deliver(victim.pid, signal);
  }
}

function inGroup(victim: Victim, pgid: number): boolean {
  const stat = readStat(victim.pid);
  return stat !== null && stat.start === victim.start && stat.state !== 'Z' && stat.pgid === pgid;
}

export function survivors(victims: readonly Victim[]): Victim[] {
  return victims.filter((victim) => isSameProcess(victim.pid, victim.start));
}

/** Polls /proc until every victim is gone or the deadline passes; returns those still alive. */
export async function waitGone(victims: readonly Victim[], deadline: number, pollMs = 20): Promise<Victim[]> {
  let alive = survivors(victims);
  while (alive.length > 0 && Date.now() < deadline) {
    await delay(pollMs);
    alive = survivors(alive);
  }
  return alive;
}

/**
 * Stops processes that are not our children (e.g. left behind by a crashed daemon): graceful signal to
 * group and tree, SIGKILL for whatever is left after `graceMs`.
 */
export async function terminate(victims: readonly Victim[], leader: number | null, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  signalAll(victims, signal, leader);
  const left = await waitGone(victims, Date.now() + graceMs);
  if (left.length === 0) return;
  signalAll(left, 'SIGKILL', leader);
  await waitGone(left, Date.now() + 2000);
}

/** True when a process's environment carries every one of `marks` (`KEY=value` entries). */
function carries(pid: number, marks: readonly string[]): boolean {
  try {
    const entries = new Set(readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0'));
    return marks.every((mark) => entries.has(mark));
  } catch {
    return false;
  }
}

/**
 * What an app process left running after it exited: the rest of its process group, and every process
 * that inherited its marks (TEND_HOME and pm_id in the environment), wherever it moved (a detached or
 * setsid child is reparented once its parent is gone, so parent links no longer lead to it). Only a
 * process started no earlier than the app process (`since`, its start in clock ticks) can descend from
 * it: the environment of older ones is not read, so a crash loop does not read every process's environ.
 */
export function leftoversOf(pid: number, marks: readonly string[], since: string | null = null): Victim[] {
  const found = new Map<number, Victim>();
  const earliest = since === null ? 0 : Number(since);
  for (const stat of allProcesses()) {
    if (stat.pid === process.pid || stat.state === 'Z') continue;
    if (stat.pgid === pid || (Number(stat.start) >= earliest && carries(stat.pid, marks))) found.set(stat.pid, { pid: stat.pid, start: stat.start });
  }
  return [...found.values()];
}

/** Stops what an exited app process left behind (see leftoversOf): stop signal, SIGKILL after `graceMs`. */
export async function reapLeftovers(
  pid: number,
  marks: readonly string[],
  signal: NodeJS.Signals,
  graceMs: number,
  since: string | null = null,
): Promise<number> {
  const victims = leftoversOf(pid, marks, since);
  if (victims.length > 0) await terminate(victims, pid, signal, graceMs);
  return victims.length;
}
