// One daemon per TEND_HOME: TEND_HOME/daemon.lock names the daemon that owns the home (pid and process
// start time, so a reused pid is not mistaken for the owner). It is created whole with link(2), which
// fails when the file exists, so two daemons can never both believe they own the home. A lock whose
// owner is dead is removed under a second lock (daemon.lock.break), re-checked there, so that two
// starters cleaning up the same stale lock cannot remove a fresh one.
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';

export interface HomeOwner {
  pid: number;
  /** Clock ticks since boot when the owner started (/proc/<pid>/stat field 22); null off Linux. */
  start: string | null;
  /** When the owner took the lock (ms since the epoch). */
  since: number;
}

export type LockResult = { ok: true; release: () => void } | { ok: false; owner: HomeOwner };

/** The start time of a process, or null when it does not run (or /proc cannot tell). */
function startOf(pid: number): string | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? null : (fields[19] ?? null);
  } catch {
    return null;
  }
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isAlive(owner: HomeOwner): boolean {
  if (owner.start === null) return signalable(owner.pid);
  return startOf(owner.pid) === owner.start;
}

function parseOwner(text: string, file: string): HomeOwner | null {
  try {
    const value = JSON.parse(text) as Partial<HomeOwner>;
    if (typeof value.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) return null;
    let since = typeof value.since === 'number' ? value.since : 0;
    if (since === 0) since = statSync(file).mtimeMs;
    return { pid: value.pid, start: typeof value.start === 'string' ? value.start : null, since };
  } catch {
    return null;
  }
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Creates `file` with `text` only if it does not exist; false when it does. */
function createWhole(file: string, text: string): boolean {
  const temp = `${file}.${process.pid}.new`;
  writeFileSync(temp, text, { mode: 0o600 });
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

function removeIfThere(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already removed
  }
}

/** Waits a few ms without yielding: lock taking is synchronous so that nothing runs before it is decided. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function ownText(): string {
  return `${JSON.stringify({ pid: process.pid, start: startOf(process.pid), since: Date.now() })}\n`;
}

/** The live daemon that owns the home, or null when none does. */
export function homeOwner(lockFile: string): HomeOwner | null {
  const text = readText(lockFile);
  if (text === null) return null;
  const owner = parseOwner(text, lockFile);
  return owner !== null && isAlive(owner) ? owner : null;
}

/** Removes the lock if it still holds `seen` (a dead owner's), under the break lock. */
function breakStale(lockFile: string, seen: string): void {
  const breakFile = `${lockFile}.break`;
  if (!createWhole(breakFile, ownText())) {
    const text = readText(breakFile);
    const breaker = text === null ? null : parseOwner(text, breakFile);
    // A breaker that died midway leaves its file: nobody else is breaking then.
    if (text !== null && (breaker === null || !isAlive(breaker)) && readText(breakFile) === text) removeIfThere(breakFile);
    else pause(10);
    return;
  }
  try {
    if (readText(lockFile) === seen) removeIfThere(lockFile);
  } finally {
    removeIfThere(breakFile);
  }
}

/** Takes the home for this process, or names the live daemon that has it. */
export function acquireHomeLock(lockFile: string): LockResult {
  for (;;) {
    const mine = ownText();
    if (createWhole(lockFile, mine)) {
      return {
        ok: true,
        release: () => {
          if (readText(lockFile) === mine) removeIfThere(lockFile);
        },
      };
    }
    const text = readText(lockFile);
    if (text === null) continue;
    const owner = parseOwner(text, lockFile);
    if (owner !== null && isAlive(owner)) return { ok: false, owner };
    breakStale(lockFile, text);
  }
}
