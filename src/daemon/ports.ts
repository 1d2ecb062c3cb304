// What the daemon needs of the world outside it, as interfaces: a git sync source's repository and
// release directories, and webhook notifications. The entry points (main.ts, embedded.ts) give the
// implementations from src/adapters; nothing else in src/daemon imports an adapter (lint-enforced).
import type { NotifyTargets } from '../protocol/sync.js';

/** One sync source on disk: its mirror clone and one release directory per commit. */
export interface SourceRepository {
  /** Clones on first use, then fetches every ref. */
  fetch(url: string): Promise<void>;
  /** The commit a branch, tag or commit id names. */
  resolve(ref: string): Promise<string>;
  /** The commit's subject line ('' when unknown). */
  subject(revision: string): Promise<string>;
  changedFiles(from: string, to: string): Promise<string[]>;
  releaseDir(revision: string): string;
  hasRelease(revision: string): boolean;
  /** Checks the commit out into its release directory. */
  checkout(revision: string): Promise<string>;
  runHook(hook: 'pre' | 'post', revision: string, command: string, env: Record<string, string>, timeoutMs: number): Promise<void>;
  build(revision: string, command: string | null, env: Record<string, string>, timeoutMs: number): Promise<void>;
  /** The revisions that have a release directory. */
  releases(): string[];
  removeRelease(revision: string): Promise<void>;
  /** Removes the source's clone, releases and build logs. */
  removeAll(): void;
}

export interface DaemonAdapters {
  /** The repository of the sync source `name`, kept under `sourcesDir`. */
  sourceRepository(sourcesDir: string, name: string): SourceRepository;
  /** Posts `payload` (JSON) and `text` (Slack); resolves with one line per receiver that failed, never throws. */
  notify(targets: NotifyTargets, event: string, payload: object, text: string): Promise<string[]>;
}
