// Summaries of samples.
export interface Summary {
  median: number;
  min: number;
  max: number;
  count: number;
}

export function summarize(samples: readonly number[]): Summary | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, count: sorted.length };
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
