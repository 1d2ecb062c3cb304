// Coalesces a burst of file changes (a `git checkout` touching 200 files, an editor's save dance)
// into one call: it fires once the files have been quiet for `quietMs`, or once the burst has lasted
// `maxWaitMs` so that a directory written to without pause still gets its restart.

export class Burst {
  private readonly files = new Set<string>();
  private quietTimer: NodeJS.Timeout | null = null;
  private firstAt = 0;

  constructor(
    private quietMs: number,
    private readonly maxWaitMs: number,
    private readonly fire: (files: string[]) => void,
  ) {}

  add(file: string): void {
    if (this.files.size === 0) this.firstAt = Date.now();
    this.files.add(file);
    if (this.quietTimer) clearTimeout(this.quietTimer);
    const wait = Math.max(0, Math.min(this.quietMs, this.firstAt + this.maxWaitMs - Date.now()));
    this.quietTimer = setTimeout(() => this.flush(), wait);
  }

  /** A new watch_delay takes effect from the next change on. */
  setQuiet(quietMs: number): void {
    this.quietMs = quietMs;
  }

  cancel(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
    this.files.clear();
  }

  private flush(): void {
    this.quietTimer = null;
    const files = [...this.files];
    this.files.clear();
    if (files.length > 0) this.fire(files);
  }
}
