// Wall-clock milliseconds with sub-millisecond resolution, comparable across processes (the fixture
// apps stamp their start with the same expression).
import { performance } from 'node:perf_hooks';

export function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Polls `check` every `intervalMs` until it returns a value other than undefined; throws after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs: number, intervalMs = 10): Promise<T> {
  const deadline = now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(intervalMs);
  }
}

/** A measurement window or a settle period (never a stand-in for waiting on a condition). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
