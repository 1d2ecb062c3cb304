// The daemon's git sync: the registry of sources (kept in state.json), one queue per source so its
// syncs never overlap, the polling timers, the webhook receiver, and the status a user sees.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TendError, asTendError } from '../../errors/index.js';
import type { SourceRepository } from '../ports.js';
import type { SyncHost } from './host.js';
import type { Progress } from '../../protocol/messages.js';
import { deploy, fetchHead, previewHead, sourceId, syncSource, type SyncContext } from './pipeline.js';
import { nextDelay } from './schedule.js';
import { readStoredSync } from './stored.js';
import type { Methods } from '../../protocol/messages.js';
import type { SourceConfig, SourceView, SyncRunResult, SyncTrigger } from '../../protocol/sync.js';
import type { StoredSource, StoredSync, StoredWebhook } from './types.js';
import { WebhookServer, type PushInfo } from './webhook.js';
import { KeyedLock } from '../keyed-lock.js';

interface Runtime {
  stored: StoredSource;
  repo: SourceRepository;
  timer: NodeJS.Timeout | null;
  nextSyncAt: number | null;
  running: boolean;
  /** A queued automatic sync not started yet: further triggers join it instead of queueing more. */
  pendingAuto: Promise<SyncRunResult> | null;
}

type Outcome = Omit<SyncRunResult, 'source'>;

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const noProgress = (): void => undefined;

export class SyncManager {
  private readonly sources = new Map<string, Runtime>();
  /** One sync (or rollback) of a source at a time, in order. */
  private readonly queue = new KeyedLock<string>();
  private webhook: WebhookServer | null = null;
  private webhookConfig: StoredWebhook | null = null;
  private stopped = false;

  constructor(
    private readonly daemon: SyncHost,
    section: unknown,
  ) {
    const stored = readStoredSync(section, (problem) => {
      daemon.notices.push(problem);
      daemon.logger.warn({ code: 'E_STATE_CORRUPT' }, problem);
    });
    for (const source of stored.sources) this.sources.set(source.config.name, this.runtimeOf(source));
    this.webhookConfig = stored.webhook;
  }

  /** Starts the polling timers and the webhook receiver kept in state.json (after the apps are restored). */
  start(): void {
    for (const runtime of this.sources.values()) this.schedule(runtime);
    const config = this.webhookConfig;
    if (config?.secretFile) {
      this.startWebhook(config.port, config.bind, readSecretFile(config.secretFile), config.secretFile).catch((error: unknown) => {
        this.daemon.logger.warn({ err: error }, 'webhook receiver not restored');
      });
    }
  }

  stop(): void {
    this.stopped = true;
    for (const runtime of this.sources.values()) if (runtime.timer) clearTimeout(runtime.timer);
    void this.webhook?.close();
    this.webhook = null;
  }

  toState(): StoredSync {
    return { sources: [...this.sources.values()].map((runtime) => runtime.stored), webhook: this.webhookConfig };
  }

  private runtimeOf(stored: StoredSource): Runtime {
    return {
      stored,
      repo: this.daemon.adapters.sourceRepository(join(this.daemon.paths.home, 'sources'), stored.config.name),
      timer: null,
      nextSyncAt: null,
      running: false,
      pendingAuto: null,
    };
  }

  private get(name: string): Runtime {
    const runtime = this.sources.get(name);
    if (!runtime) throw new TendError('E_SYNC_NOT_FOUND', `no sync source named '${name}'`);
    return runtime;
  }

  private changed(): void {
    this.daemon.store.changed();
  }

  private schedule(runtime: Runtime): void {
    if (runtime.timer) clearTimeout(runtime.timer);
    runtime.timer = null;
    runtime.nextSyncAt = null;
    const { interval } = runtime.stored.config;
    if (this.stopped || interval <= 0) return;
    const delay = nextDelay(interval, Math.random());
    runtime.nextSyncAt = Date.now() + delay;
    runtime.timer = setTimeout(() => {
      runtime.timer = null;
      void this.trigger(runtime, 'interval').finally(() => {
        if (this.sources.get(runtime.stored.config.name) === runtime) this.schedule(runtime);
      });
    }, delay);
    runtime.timer.unref();
  }

  /** Runs fn after every earlier sync of the source, with the source marked progressing meanwhile. */
  private enqueue<T>(runtime: Runtime, fn: () => Promise<T>): Promise<T> {
    return this.queue.run(runtime.stored.config.name, async () => {
      runtime.running = true;
      try {
        return await fn();
      } finally {
        runtime.running = false;
      }
    });
  }

  private context(runtime: Runtime, holder: string, progress: (progress: Progress) => void): SyncContext {
    return { daemon: this.daemon, repo: runtime.repo, source: runtime.stored, holder, progress, changed: () => this.changed() };
  }

  /** An automatic sync (interval, webhook, push hook); joins one already queued and not started. */
  private trigger(runtime: Runtime, trigger: SyncTrigger, progress: (progress: Progress) => void = noProgress): Promise<SyncRunResult> {
    if (runtime.pendingAuto && progress === noProgress) return runtime.pendingAuto;
    const result = this.enqueue(runtime, async (): Promise<Outcome> => {
      if (runtime.pendingAuto === result) runtime.pendingAuto = null;
      const ctx = this.context(runtime, `sync ${runtime.stored.config.name} (${trigger})`, progress);
      if (runtime.stored.suspended) {
        // Nothing is applied, but the head is still fetched: status shows what a resume would bring.
        const head = await fetchHead(ctx).catch(() => null);
        return { outcome: 'skipped', revision: head, plan: null, error: null, message: 'auto-sync is suspended; run `tend sync resume` to sync again' };
      }
      return syncSource(ctx, trigger);
    }).then((outcome) => this.resultOf(runtime, outcome));
    if (progress === noProgress) runtime.pendingAuto = result;
    return result;
  }

  private resultOf(runtime: Runtime, outcome: Outcome): SyncRunResult {
    return { ...outcome, source: this.view(runtime) };
  }

  /** Queues a sync from the webhook, unless the push is to a branch the source does not follow. */
  triggerByWebhook(name: string, push: PushInfo): 'queued' | 'unknown' | 'other-ref' {
    const runtime = this.sources.get(name);
    if (!runtime) return 'unknown';
    if (!followsRef(runtime.stored.config.ref, push.ref)) return 'other-ref';
    void this.trigger(runtime, 'webhook');
    return 'queued';
  }

  view(runtime: Runtime): SourceView {
    const { stored } = runtime;
    const owner = sourceId(stored.config.name);
    const apps = [...this.daemon.table.apps.values()]
      .filter((entry) => entry.source === owner)
      .map((entry) => ({
        name: entry.name,
        instances: entry.spec.instances,
        running: entry.slots.filter((slot) => {
          const status = this.daemon.supervisor.get(slot.pm_id)?.status;
          return status === 'online' || status === 'launching';
        }).length,
      }));
    const { status, message } = statusOf(stored, runtime.running, apps);
    return {
      name: stored.config.name,
      // The notification secret stays in the daemon: views show where notifications go, not how they are signed.
      config:
        stored.config.notify === undefined
          ? stored.config
          : { ...stored.config, notify: { webhooks: stored.config.notify.webhooks, slack: stored.config.notify.slack } },
      status,
      suspended: stored.suspended,
      revision: stored.applied?.revision ?? null,
      subject: stored.applied?.subject ?? null,
      appliedAt: stored.applied?.at ?? null,
      head: stored.head?.revision ?? null,
      lastSyncAt: stored.lastSyncAt,
      nextSyncAt: runtime.nextSyncAt,
      failure: stored.failure,
      drift: stored.drift,
      apps,
      message,
    };
  }

  // ── the protocol methods ─────────────────────────────────────────────────────────────────────

  async add(params: Methods['syncAdd']['params'], progress: (progress: Progress) => void): Promise<SyncRunResult> {
    const config = withNotifySecret(params.config);
    if (!namePattern.test(config.name)) throw new TendError('E_SYNC_NAME', `'${config.name}' cannot name a source`);
    if (this.sources.has(config.name)) throw new TendError('E_SYNC_EXISTS', `a sync source named '${config.name}' exists`);
    const stored: StoredSource = {
      config,
      baseEnv: params.baseEnv,
      suspended: false,
      applied: null,
      head: null,
      failure: null,
      drift: [],
      lastSyncAt: null,
      history: [],
    };
    const runtime = this.runtimeOf(stored);
    this.sources.set(config.name, runtime);
    this.changed();
    const result = await this.trigger(runtime, 'add', progress);
    this.schedule(runtime);
    return result;
  }

  list(): SourceView[] {
    return [...this.sources.values()].map((runtime) => this.view(runtime)).sort((a, b) => a.name.localeCompare(b.name));
  }

  status(name: string | undefined): SourceView[] {
    return name === undefined ? this.list() : [this.view(this.get(name))];
  }

  now(params: Methods['syncNow']['params'], progress: (progress: Progress) => void): Promise<SyncRunResult> {
    const runtime = this.get(params.name);
    const trigger = params.trigger ?? 'manual';
    if (runtime.stored.suspended && trigger === 'manual') {
      throw new TendError(
        'E_SYNC_SUSPENDED',
        `auto-sync of '${params.name}' is suspended${runtime.stored.failure ? '' : ' (after a rollback or `sync suspend`)'}`,
      );
    }
    return this.trigger(runtime, trigger, progress);
  }

  /**
   * Changes a source's settings in place: its apps stay owned by it (remove + add would hand them to
   * a new owner). When what it loads changed (repo, ref, path, env, build, allow-empty), the head is
   * applied again at once — unless the source is suspended.
   */
  set(params: Methods['syncSet']['params'], progress: (progress: Progress) => void): Promise<SyncRunResult> {
    const runtime = this.get(params.name);
    const before = runtime.stored.config;
    const changes = Object.fromEntries(Object.entries(params.changes).filter(([key]) => key !== 'name'));
    const next = withNotifySecret({ ...before, ...changes, name: before.name });
    return this.enqueue(runtime, async (): Promise<Outcome> => {
      runtime.stored.config = next;
      this.changed();
      this.schedule(runtime);
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
    }).then((outcome) => this.resultOf(runtime, outcome));
  }

  /** Fetches the head and plans it against what runs, applying nothing (`tend sync diff`). */
  diff(params: Methods['syncDiff']['params'], progress: (progress: Progress) => void): Promise<SyncRunResult> {
    const runtime = this.get(params.name);
    return this.enqueue(runtime, () => previewHead(this.context(runtime, params.holder, progress))).then((outcome) => this.resultOf(runtime, outcome));
  }

  suspend(name: string): SourceView {
    const runtime = this.get(name);
    runtime.stored.suspended = true;
    this.schedule(runtime);
    this.changed();
    return this.view(runtime);
  }

  async resume(name: string, progress: (progress: Progress) => void): Promise<SyncRunResult> {
    const runtime = this.get(name);
    runtime.stored.suspended = false;
    this.changed();
    const result = await this.trigger(runtime, 'resume', progress);
    this.schedule(runtime);
    return result;
  }

  history(name: string): Methods['syncHistory']['result'] {
    return this.get(name).stored.history;
  }

  /** Applies an earlier revision and suspends auto-sync, so the next poll does not undo it. */
  rollback(params: Methods['syncRollback']['params'], progress: (progress: Progress) => void): Promise<SyncRunResult> {
    const runtime = this.get(params.name);
    const { stored } = runtime;
    const good = stored.history.filter((item) => item.outcome === 'applied' || item.outcome === 'rolled-back');
    const current = stored.applied?.revision;
    const wanted = params.revision;
    const target =
      wanted === undefined
        ? [...good].reverse().find((item) => item.revision !== current)?.revision
        : (good.find((item) => item.revision.startsWith(wanted))?.revision ?? (/^[0-9a-f]{40}$/.test(wanted) ? wanted : undefined));
    if (target === undefined)
      throw new TendError(
        'E_SYNC_REVISION_NOT_FOUND',
        wanted === undefined ? `'${params.name}' has no earlier applied revision` : `'${params.name}' never applied a revision ${wanted}`,
      );
    stored.suspended = true;
    this.schedule(runtime);
    this.changed();
    return this.enqueue(runtime, () => deploy(this.context(runtime, params.holder, progress), target, 'rollback')).then((outcome) =>
      this.resultOf(runtime, outcome),
    );
  }

  async remove(params: Methods['syncRemove']['params']): Promise<Methods['syncRemove']['result']> {
    const runtime = this.get(params.name);
    if (runtime.timer) clearTimeout(runtime.timer);
    runtime.stored.suspended = true;
    const owner = sourceId(params.name);
    const owned = [...this.daemon.table.apps.values()].filter((entry) => entry.source === owner).map((entry) => entry.name);
    await this.enqueue(runtime, async () => {
      if (params.keepApps) {
        // The apps stay, as if started by hand; their release directories stay with them.
        for (const name of owned) {
          const entry = this.daemon.table.apps.get(name);
          if (entry) entry.source = 'cli';
          this.daemon.table.changed(name);
        }
        return;
      }
      const result = await this.daemon.reconciler.apply(
        { specs: [], source: owner, baseEnv: runtime.stored.baseEnv, mode: 'apply', prune: true, confirmed: true, holder: params.holder },
        noProgress,
      );
      if (result.failed) throw new TendError('E_SYNC_APPLY', `deleting ${result.failed.app} failed: ${result.failed.error.message}`);
      runtime.repo.removeAll();
    });
    this.sources.delete(params.name);
    this.changed();
    return { name: params.name, deleted: params.keepApps ? [] : owned, kept: params.keepApps ? owned : [] };
  }

  async configureWebhook(params: Methods['syncWebhook']['params']): Promise<Methods['syncWebhook']['result']> {
    await this.webhook?.close();
    this.webhook = null;
    if (params.stop) {
      this.webhookConfig = null;
      this.changed();
      return { url: null, port: params.port, bind: params.bind };
    }
    const secret = params.secretFile ? readSecretFile(params.secretFile) : params.secret;
    if (!secret) throw new TendError('E_SYNC_WEBHOOK', 'the webhook needs a secret', { hint: 'Pass --secret-file FILE or --secret-env VAR.' });
    await this.startWebhook(params.port, params.bind, secret, params.secretFile ?? null);
    const server = this.webhook as WebhookServer | null;
    return { url: server?.url() ?? null, port: server?.port ?? params.port, bind: params.bind };
  }

  private async startWebhook(port: number, bind: string, secret: string, secretFile: string | null): Promise<void> {
    try {
      this.webhook = await WebhookServer.listen({ port, bind, secret, trigger: (name, push) => this.triggerByWebhook(name, push) });
    } catch (error) {
      throw new TendError('E_SYNC_WEBHOOK', `cannot listen on ${bind}:${port}: ${(error as Error).message}`);
    }
    this.webhookConfig = { port: this.webhook.port, bind, secretFile };
    this.changed();
  }
}

function readSecretFile(file: string): string {
  try {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length > 0) return secret;
  } catch (error) {
    throw new TendError('E_SYNC_WEBHOOK', `cannot read the secret file ${file}: ${(error as Error).message}`);
  }
  throw new TendError('E_SYNC_WEBHOOK', `the secret file ${file} is empty`);
}

/** The five states, in the order that explains most: progressing, failed, out-of-sync, degraded, synced. */
function statusOf(stored: StoredSource, running: boolean, apps: SourceView['apps']): Pick<SourceView, 'status' | 'message'> {
  const short = (revision: string): string => revision.slice(0, 12);
  if (running) return { status: 'progressing', message: 'syncing now' };
  const { failure, applied, head } = stored;
  if (failure && (failure.revision === null || failure.revision === head?.revision)) {
    const keeps = applied ? `; ${short(applied.revision)} keeps running` : '';
    return { status: 'failed', message: `${failure.step} failed${failure.revision ? ` for ${short(failure.revision)}` : ''}: ${failure.message}${keeps}` };
  }
  if (applied === null) return { status: 'out-of-sync', message: 'nothing applied yet' };
  if (head && head.revision !== applied.revision) {
    return {
      status: 'out-of-sync',
      message: `${short(head.revision)} is the head of ${stored.config.ref}, ${short(applied.revision)} runs${stored.suspended ? ' (auto-sync suspended)' : ''}`,
    };
  }
  if (stored.drift.length > 0) return { status: 'out-of-sync', message: `drift: ${stored.drift.map((item) => `${item.app}: ${item.detail}`).join('; ')}` };
  const short_of = apps.filter((app) => app.running < app.instances);
  if (short_of.length > 0) return { status: 'degraded', message: short_of.map((app) => `${app.name}: ${app.running}/${app.instances} running`).join('; ') };
  return { status: 'synced', message: `${short(applied.revision)} ${applied.subject}${stored.suspended ? ' (auto-sync suspended)' : ''}` };
}

export type { SourceConfig };

/**
 * Whether a push to `pushed` (`refs/heads/x`, `refs/tags/v1`) concerns a source following `ref`. A
 * push that names no ref, or a source following HEAD, a tag or a commit, is always taken (the sync
 * itself then finds out whether anything moved).
 */
function followsRef(ref: string, pushed: string | undefined): boolean {
  if (pushed === undefined || !pushed.startsWith('refs/heads/')) return true;
  const branch = ref.replace(/^refs\/heads\//, '').replace(/^origin\//, '');
  if (branch === 'HEAD' || ref.startsWith('refs/tags/') || /^[0-9a-f]{7,64}$/.test(ref)) return true;
  return pushed.slice('refs/heads/'.length) === branch;
}

/** Reads the notification secret named by `secretFile` once, at add time; the file's path is not kept. */
function withNotifySecret(config: SourceConfig): SourceConfig {
  const notify = config.notify;
  if (notify?.secretFile === undefined) return config;
  let secret: string;
  try {
    secret = readFileSync(notify.secretFile, 'utf8').trim();
  } catch (error) {
    throw new TendError('E_SYNC_NOTIFY', `cannot read the notification secret ${notify.secretFile}: ${(error as Error).message}`);
  }
  if (secret === '') throw new TendError('E_SYNC_NOTIFY', `the notification secret file ${notify.secretFile} is empty`);
  return { ...config, notify: { webhooks: notify.webhooks, slack: notify.slack, secret } };
}
