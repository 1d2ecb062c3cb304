// Units PM2 users write: memory sizes (`300M`, `1G`, `512K`, bytes) and durations (`1000`, `"5s"`, `"2m"`).

const memoryFactors: Record<string, number> = { '': 1, B: 1, K: 1024, KB: 1024, M: 1024 ** 2, MB: 1024 ** 2, G: 1024 ** 3, GB: 1024 ** 3 };

/** Bytes from a number (bytes) or a string such as `300M`; undefined when it is not a size. */
export function parseMemory(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 0 ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(raw);
  const factor = match?.[2] === undefined ? undefined : memoryFactors[match[2].toUpperCase()];
  if (match?.[1] === undefined || factor === undefined) return undefined;
  return Math.round(Number(match[1]) * factor);
}

const durationFactors: Record<string, number> = { '': 1, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds from a number (ms) or a string such as `5s`, `2m`, `1h`, `500ms`; undefined otherwise. */
export function parseDuration(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) && raw >= 0 ? Math.round(raw) : undefined;
  if (typeof raw !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(raw);
  const factor = match === null ? undefined : durationFactors[(match[2] ?? '').toLowerCase()];
  if (match?.[1] === undefined || factor === undefined) return undefined;
  return Math.round(Number(match[1]) * factor);
}
