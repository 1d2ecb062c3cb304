// The per-host deploy lock, `path/.tend/lock`: who holds it, from where, since when, doing what.
// A lock whose process is gone (same machine) or that is older than a day is reported as stale;
// breaking it is always the user's decision (--force-unlock). Pure.
import { randomUUID } from 'node:crypto';

export interface LockOwner {
  readonly id: string;
  readonly by: string;
  readonly machine: string;
  readonly pid: number;
  readonly time: string;
  readonly command: string;
}

const staleAfterMs = 24 * 60 * 60 * 1000;

export function newLockOwner(by: string, machine: string, pid: number, now: Date, command: string): LockOwner {
  return { id: randomUUID(), by, machine, pid, time: now.toISOString(), command };
}

export function parseLock(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    return typeof value.id === 'string' && typeof value.by === 'string' ? (value as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

/** Why a lock looks abandoned, or undefined when it looks held. */
export function staleReason(owner: LockOwner, machine: string, isAlive: (pid: number) => boolean, now: Date): string | undefined {
  if (owner.machine === machine && !isAlive(owner.pid)) return `process ${owner.pid} on ${owner.machine} is gone`;
  const age = now.getTime() - Date.parse(owner.time);
  if (age > staleAfterMs) return `it is ${Math.round(age / 3_600_000)} hours old`;
  return undefined;
}

/** `alice@laptop (pid 123) since 2025-… running "tend deploy production"`. */
export function describeOwner(owner: LockOwner): string {
  return `${owner.by} on ${owner.machine} (pid ${owner.pid}) since ${owner.time}, running "${owner.command}"`;
}
