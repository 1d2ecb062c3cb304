// When the next poll of a source happens: the interval plus up to 10 % jitter, so sources added
// together (or many machines polling one git host) spread out instead of fetching in step.
export const jitterFraction = 0.1;
export const minimumDelayMs = 1000;

/** `random` is in [0, 1): Math.random() in the daemon, fixed values in tests. */
export function nextDelay(intervalMs: number, random: number): number {
  return Math.max(minimumDelayMs, Math.round(intervalMs * (1 + jitterFraction * random)));
}
