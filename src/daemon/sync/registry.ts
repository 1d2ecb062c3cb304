// The registry of sync sources: each source's stored state (what state.json keeps) with the local
// repository it is fetched into, by name.
import { join } from 'node:path';
import { TendError } from '../../errors/index.js';
import type { DaemonAdapters, SourceRepository } from '../ports.js';
import type { StoredSource } from './types.js';

export interface SourceRuntime {
  readonly stored: StoredSource;
  readonly repo: SourceRepository;
}

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class SourceRegistry {
  private readonly sources = new Map<string, SourceRuntime>();

  constructor(
    private readonly home: string,
    private readonly adapters: DaemonAdapters,
    stored: readonly StoredSource[],
  ) {
    for (const source of stored) this.sources.set(source.config.name, this.runtimeOf(source));
  }

  private runtimeOf(stored: StoredSource): SourceRuntime {
    return { stored, repo: this.adapters.sourceRepository(join(this.home, 'sources'), stored.config.name) };
  }

  /** The source named `name`; E_SYNC_NOT_FOUND when there is none. */
  get(name: string): SourceRuntime {
    const runtime = this.sources.get(name);
    if (!runtime) throw new TendError('E_SYNC_NOT_FOUND', `no sync source named '${name}'`);
    return runtime;
  }

  find(name: string): SourceRuntime | undefined {
    return this.sources.get(name);
  }

  /** Registers a new source; its name must be free and usable as a directory name. */
  add(stored: StoredSource): SourceRuntime {
    const { name } = stored.config;
    if (!namePattern.test(name)) throw new TendError('E_SYNC_NAME', `'${name}' cannot name a source`);
    if (this.sources.has(name)) throw new TendError('E_SYNC_EXISTS', `a sync source named '${name}' exists`);
    const runtime = this.runtimeOf(stored);
    this.sources.set(name, runtime);
    return runtime;
  }

  remove(name: string): void {
    this.sources.delete(name);
  }

  /** Every source, by name. */
  all(): SourceRuntime[] {
    return [...this.sources.values()].sort((a, b) => a.stored.config.name.localeCompare(b.stored.config.name));
  }

  toState(): StoredSource[] {
    return [...this.sources.values()].map((runtime) => runtime.stored);
  }
}
