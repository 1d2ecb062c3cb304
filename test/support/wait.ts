// The one wait of the tests: re-check a condition until it holds or a deadline passes (never a bare sleep).

type Pending = undefined | null | false | 0 | '';

export interface WaitOptions {
  /** Deadline in ms (default 15 s). */
  timeoutMs?: number;
  /** Re-check this often (default 100 ms). */
  intervalMs?: number;
  /** Also re-check at once whenever `subscribe`'s callback fires (for states that may last less than an interval); returns the unsubscribe. */
  subscribe?: (recheck: () => void) => () => void;
}

/** Resolves with the first truthy value `check` returns; a throwing check counts as "not yet" and its last error is reported on timeout. */
export function waitFor<T>(what: string, check: () => Promise<T | Pending> | T | Pending, options: number | WaitOptions = {}): Promise<T> {
  const { timeoutMs = 15_000, intervalMs = 100, subscribe } = typeof options === 'number' ? { timeoutMs: options } : options;
  return new Promise<T>((resolve, reject) => {
    let last: unknown;
    let settled = false;
    let checking = false;
    const finish = (): void => {
      settled = true;
      clearInterval(poll);
      clearTimeout(timer);
      unsubscribe();
    };
    const attempt = async (): Promise<void> => {
      if (settled || checking) return;
      checking = true;
      try {
        const value = await check();
        if (value && !settled) {
          finish();
          resolve(value);
        }
      } catch (error) {
        last = error;
      } finally {
        checking = false;
      }
    };
    const poll = setInterval(() => void attempt(), intervalMs);
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`));
    }, timeoutMs);
    const unsubscribe = subscribe ? subscribe(() => void attempt()) : (): void => undefined;
    void attempt();
  });
}
