// The daemon's git sync, coordinated: the protocol methods over the registry of sources
// (registry.ts), their run queue (run-queue.ts), polling (poller.ts), the webhook receiver
// (receiver.ts) and the status view (status.ts). One sync is pipeline.ts.
import { TendError, asTendError } from '../../errors/index.js';
import type { SyncHost } from './host.js';
import type { Methods, Progress } from '../../protocol/messages.js';
import { deploy, fetchHead, previewHead, syncSource, type SyncContext } from './pipeline.js';
import { readStoredSync } from './stored.js';
import type { SourceView, SyncRunResult, SyncTrigger } from '../../protocol/sync.js';
import type { StoredSource, StoredSync } from './types.js';
import type { PushInfo } from './webhook.js';
import { SourceRegistry, type SourceRuntime } from './registry.js';
import { SourceQueue } from './run-queue.js';
import { Poller } from './poller.js';
import { WebhookReceiver } from './receiver.js';
import { sourceView } from './status.js';
import { followsRef } from './follows-ref.js';
import { withNotifySecret } from './secrets.js';
import { rollbackTarget } from './history.js';
import { letGoOfApps, ownedApps } from './let-go.js';
import { DegradedWatch } from './degraded.js';
import { tellSource } from './notify.js';

type Outcome = Omit<SyncRunResult, 'source'>;

const noProgress = (): void => undefined;

export class SyncManager {
  private readonly registry: SourceRegistry;
  private readonly queue = new SourceQueue();
  private readonly poller: Poller;
  private readonly receiver: WebhookReceiver;
  private readonly degraded: DegradedWatch;

  constructor(
    private readonly daemon: SyncHost,
    section: unknown,
  ) {
    const stored = readStoredSync(section, (problem) => {
      daemon.notices.push(problem);
      daemon.logger.warn({ code: 'E_STATE_CORRUPT' }, problem);
    });
    this.registry = new SourceRegistry(daemon.paths.home, daemon.adapters, stored.sources);
    this.poller = new Poller({
      intervalOf: (name) => this.registry.find(name)?.stored.config.interval ?? null,
      poll: (name) => {
        const runtime = this.registry.find(name);
        return runtime ? this.trigger(runtime, 'interval') : Promise.resolve();
      },
    });
    this.receiver = new WebhookReceiver(
      stored.webhook,
      (name, push) => this.triggerByWebhook(name, push),
      () => this.changed(),
    );
    this.degraded = new DegradedWatch(daemon, {
      settledSourceOf: (owner) => {
        const runtime = owner.startsWith('sync:') ? this.registry.find(owner.slice('sync:'.length)) : undefined;
        // While a sync of the source runs, what its apps do is that sync's outcome.
        return runtime === undefined || this.queue.isRunning(runtime.stored.config.name) ? undefined : runtime.stored;
      },
      tell: (source, app, message) => {
        daemon.logger.warn({ source: source.config.name, app }, message);
        tellSource(source.config, daemon, 'degraded', source.applied?.revision ?? null, message);
      },
    });
  }

  /** Starts the polling timers and the webhook receiver kept in state.json (after the apps are restored). */
  start(): void {
    for (const runtime of this.registry.all()) this.poller.schedule(runtime.stored.config.name);
    this.receiver.restore(this.daemon.logger);
    this.degraded.start();
  }

  stop(): void {
    this.poller.stop();
    void this.receiver.close();
  }

  toState(): StoredSync {
    return { sources: this.registry.toState(), webhook: this.receiver.toState() };
  }

  private changed(): void {
    this.daemon.store.changed();
  }

  private context(runtime: SourceRuntime, holder: string, progress: (progress: Progress) => void): SyncContext {
    return { daemon: this.daemon, repo: runtime.repo, source: runtime.stored, holder, progress, changed: () => this.changed() };
  }

  /** Runs fn in the source's queue and answers with its outcome and the source's view after it. */
  private run(runtime: SourceRuntime, fn: () => Promise<Outcome>): Promise<SyncRunResult> {
    return this.queue.run(runtime.stored.config.name, fn).then((outcome) => this.resultOf(runtime, outcome));
  }

  /** An automatic sync (interval, webhook, push hook) joins one already queued and not started; one a caller waits on does not. */
  private trigger(
    runtime: SourceRuntime,
    trigger: SyncTrigger,
    progress: (progress: Progress) => void = noProgress,
    approved?: string,
  ): Promise<SyncRunResult> {
    const name = runtime.stored.config.name;
    const sync = async (): Promise<Outcome> => {
      const ctx = this.context(runtime, `sync ${name} (${trigger})`, progress);
      if (runtime.stored.suspended) {
        // Nothing is applied, but the head is still fetched: status shows what a resume would bring.
        const head = await fetchHead(ctx).catch(() => null);
        return { outcome: 'skipped', revision: head, plan: null, error: null, message: 'auto-sync is suspended; run `tend sync resume` to sync again' };
      }
      return syncSource(ctx, trigger, approved);
    };
    const outcome = progress === noProgress ? this.queue.joinable(name, sync) : this.queue.run(name, sync);
    return outcome.then((result) => this.resultOf(runtime, result));
  }

  private resultOf(runtime: SourceRuntime, outcome: Outcome): SyncRunResult {
    return { ...outcome, source: this.view(runtime) };
  }

  private view(runtime: SourceRuntime): SourceView {
    const name = runtime.stored.config.name;
    return sourceView(this.daemon, runtime.stored, { running: this.queue.isRunning(name), nextSyncAt: this.poller.nextAt(name) });
  }

  /** Queues a sync from the webhook, unless the push is to a branch the source does not follow. */
  private triggerByWebhook(name: string, push: PushInfo): 'queued' | 'unknown' | 'other-ref' {
    const runtime = this.registry.find(name);
    if (!runtime) return 'unknown';
    if (!followsRef(runtime.stored.config.ref, push.ref)) return 'other-ref';
    void this.trigger(runtime, 'webhook');
    return 'queued';
  }

  // ── the protocol methods ─────────────────────────────────────────────────────────────────────

  async add(params: Methods['syncAdd']['params'], progress: (progress: Progress) => void): Promise<SyncRunResult> {
    const stored: StoredSource = {
      config: withNotifySecret(params.config),
      baseEnv: params.baseEnv,
      suspended: false,
      applied: null,
      head: null,
      failure: null,
      drift: [],
      lastSyncAt: null,
      pending: null,
      history: [],
    };
    const runtime = this.registry.add(stored);
    this.changed();
    const result = await this.trigger(runtime, 'add', progress);
    this.poller.schedule(stored.config.name);
    return result;
  }

  list(): SourceView[] {
    return this.registry.all().map((runtime) => this.view(runtime));
  }

  status(name: string | undefined): SourceView[] {
    return name === undefined ? this.list() : [this.view(this.registry.get(name))];
  }

  now(params: Methods['syncNow']['params'], progress: (progress: Progress) => void): Promise<SyncRunResult> {
    const runtime = this.registry.get(params.name);
    const trigger = params.trigger ?? 'manual';
    if (runtime.stored.suspended && trigger === 'manual') {
      throw new TendError(
        'E_SYNC_SUSPENDED',
        `auto-sync of '${params.name}' is suspended${runtime.stored.failure ? '' : ' (after a rollback or `sync suspend`)'}`,
      );
    }
    return this.trigger(runtime, trigger, progress, params.revision);
  }

  /**
   * Changes a source's settings in place: its apps stay owned by it (remove + add would hand them to
   * a new owner). When what it loads changed (repo, ref, path, env, build, allow-empty), the head is
   * applied again at once — unless the source is suspended. A `set` is a hand action, like `sync now`:
   * with manual approval too, it applies the head.
   */
  set(params: Methods['syncSet']['params'], progress: (progress: Progress) => void): Promise<SyncRunResult> {
    const runtime = this.registry.get(params.name);
    const before = runtime.stored.config;
    const changes = Object.fromEntries(Object.entries(params.changes).filter(([key]) => key !== 'name'));
    const next = withNotifySecret({ ...before, ...changes, name: before.name });
    return this.run(runtime, async (): Promise<Outcome> => {
      runtime.stored.config = next;
      this.changed();
      this.poller.schedule(next.name);
      const reloads = (['repo', 'ref', 'path', 'env', 'build', 'allowEmpty'] as const).some((key) => next[key] !== before[key]);
      if (!reloads || runtime.stored.suspended) {
        return {
          outcome: 'no-change',
          revision: runtime.stored.applied?.revision ?? null,
          plan: null,
          error: null,
          message: `settings changed${reloads ? '; auto-sync is suspended, `tend sync resume` applies them' : ''}`,
        };
      }
      const ctx = this.context(runtime, params.holder, progress);
      try {
        return await deploy(ctx, await fetchHead(ctx), 'manual');
      } catch (error) {
        const failure = asTendError(error);
        return { outcome: 'failed', revision: null, plan: null, error: failure.toJSON(), message: `fetch failed: ${failure.message}` };
      }
    });
  }

  /** Fetches the head and plans it against what runs, applying nothing (`tend sync diff`). */
  diff(params: Methods['syncDiff']['params'], progress: (progress: Progress) => void): Promise<SyncRunResult> {
    const runtime = this.registry.get(params.name);
    return this.run(runtime, () => previewHead(this.context(runtime, params.holder, progress)));
  }

  suspend(name: string): SourceView {
    const runtime = this.registry.get(name);
    runtime.stored.suspended = true;
    this.poller.schedule(name);
    this.changed();
    return this.view(runtime);
  }

  async resume(name: string, progress: (progress: Progress) => void): Promise<SyncRunResult> {
    const runtime = this.registry.get(name);
    runtime.stored.suspended = false;
    this.changed();
    const result = await this.trigger(runtime, 'resume', progress);
    this.poller.schedule(name);
    return result;
  }

  history(name: string): Methods['syncHistory']['result'] {
    return this.registry.get(name).stored.history;
  }

  /** Applies an earlier revision and suspends auto-sync, so the next poll does not undo it. */
  rollback(params: Methods['syncRollback']['params'], progress: (progress: Progress) => void): Promise<SyncRunResult> {
    const runtime = this.registry.get(params.name);
    const { stored } = runtime;
    const target = rollbackTarget(stored, params.revision);
    stored.suspended = true;
    this.poller.schedule(params.name);
    this.changed();
    return this.run(runtime, () => deploy(this.context(runtime, params.holder, progress), target, 'rollback'));
  }

  async remove(params: Methods['syncRemove']['params']): Promise<Methods['syncRemove']['result']> {
    const runtime = this.registry.get(params.name);
    this.poller.cancel(params.name);
    runtime.stored.suspended = true;
    const owned = ownedApps(this.daemon, params.name);
    await this.queue.run(params.name, () => letGoOfApps(this.daemon, runtime, owned, params.keepApps, params.holder));
    this.registry.remove(params.name);
    this.changed();
    return { name: params.name, deleted: params.keepApps ? [] : owned, kept: params.keepApps ? owned : [] };
  }

  configureWebhook(params: Methods['syncWebhook']['params']): Promise<Methods['syncWebhook']['result']> {
    return this.receiver.configure(params);
  }
}
