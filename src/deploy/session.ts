// Per-host plumbing shared by every deploy verb: one SSH connection per host, steps timed and
// reported one line each, and hosts run in parallel batches where a failure on one host stops
// the others at their next step boundary.
import { asTendError, TendError } from '../errors/index.js';
import { SshConnection } from '../adapters/ssh/connection.js';
import { resolveSshTarget } from '../adapters/ssh/ssh-config.js';
import type { DeployHost, DeployTarget } from './config.js';
import type { DeployListener, HostOutcome } from './events.js';
import { RemoteDeployPath } from './remote.js';

export interface DeployContext {
  readonly target: DeployTarget;
  readonly listen: DeployListener;
  readonly now: () => Date;
  /** `user@machine` of whoever runs this command. */
  readonly by: string;
  readonly machine: string;
  /** The command line, for the lock and the record. */
  readonly command: string;
  /** The ecosystem file's path inside the repository (what default post-deploy starts). */
  readonly ecosystemInRepo: string;
  /** Overrides target.parallel (`--parallel N`). */
  readonly parallel?: number;
  /** Aborted on Ctrl-C: hooks in flight are stopped, abortable steps are skipped. */
  readonly signal?: AbortSignal;
}

/** Set once any host has failed: the others stop before their next abortable step. */
class FailureFlag {
  raised = false;
}

export class HostRun {
  private currentStep = 'connect';
  /** The first step that failed on this host. */
  failedStep: string | undefined;

  constructor(
    readonly host: DeployHost,
    private readonly context: DeployContext,
    private readonly failure: FailureFlag,
  ) {}

  get label(): string {
    return this.host.label;
  }

  /** The step in progress or the last one started (for summaries). */
  get lastStep(): string {
    return this.currentStep;
  }

  /** Runs one named step, reporting it with its elapsed time. `abortable` steps are skipped once another host failed. */
  async step<T>(name: string, run: () => Promise<T>, options: { abortable?: boolean; detail?: (value: T) => string | undefined } = {}): Promise<T> {
    if (options.abortable !== false && this.context.signal?.aborted === true)
      throw new TendError('E_DEPLOY_CANCELLED', `${this.label}: cancelled before ${name}`);
    if (options.abortable !== false && this.failure.raised)
      throw new TendError('E_DEPLOY_FAILED', `${this.label}: stopped before ${name} because another host failed`, { details: abortedByPeer });
    this.currentStep = name;
    const started = Date.now();
    try {
      const value = await run();
      const detail = options.detail?.(value);
      this.context.listen({ type: 'step', host: this.label, step: name, ok: true, ms: Date.now() - started, ...(detail === undefined ? {} : { detail }) });
      return value;
    } catch (error) {
      this.failedStep ??= name;
      this.context.listen({ type: 'step', host: this.label, step: name, ok: false, ms: Date.now() - started, detail: asTendError(error).message });
      throw error;
    }
  }

  async connect(): Promise<{ connection: SshConnection; remote: RemoteDeployPath }> {
    const { target } = this.context;
    return this.step(
      'connect',
      async () => {
        const connection = await openConnection(this.host, target);
        try {
          const remote = await RemoteDeployPath.open(connection, this.label, target.path, this.context.listen);
          return { connection, remote };
        } catch (error) {
          connection.close();
          throw error;
        }
      },
      { detail: ({ connection }) => connection.label },
    );
  }
}

/** A new SSH connection to one host of the target, resolved through ~/.ssh/config as ssh would. */
export function openConnection(host: DeployHost, target: DeployTarget): Promise<SshConnection> {
  return SshConnection.open(
    resolveSshTarget({
      host: host.host,
      ...(host.portGiven ? { port: host.port } : {}),
      ...(host.userGiven ? { user: host.user } : {}),
      identityFiles: target.identityFiles,
      ...(target.knownHostsFiles === undefined ? {} : { knownHostsFiles: target.knownHostsFiles }),
      ...(target.hostKeyPolicy === undefined ? {} : { hostKeyPolicy: target.hostKeyPolicy }),
      ...(target.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: target.connectTimeoutMs }),
    }),
  );
}

/** The outcome of a host that did nothing wrong but stopped because another host failed. */
export function stoppedByPeer(host: string, summary: string): HostOutcome {
  return { host, ok: false, summary, error: new TendError('E_DEPLOY_FAILED', `${host}: ${summary}`, { details: abortedByPeer }) };
}

/**
 * Runs `work` for every host, at most `parallel` at once. Unless told otherwise, a failing host
 * makes hosts not yet started skip, and running ones stop at their next abortable step.
 */
export async function forEachHost(
  context: DeployContext,
  work: (run: HostRun) => Promise<string>,
  options: { stopOnFailure?: boolean } = {},
): Promise<HostOutcome[]> {
  const failure = new FailureFlag();
  const hosts = context.target.hosts;
  const limit = Math.max(1, context.parallel ?? context.target.parallel);
  const outcomes: HostOutcome[] = new Array<HostOutcome>(hosts.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < hosts.length; index = next++) {
      const host = hosts[index];
      if (host === undefined) continue;
      if (context.signal?.aborted === true) {
        outcomes[index] = {
          host: host.label,
          ok: false,
          summary: 'skipped: cancelled',
          error: new TendError('E_DEPLOY_CANCELLED', `${host.label}: cancelled before it started`),
        };
        continue;
      }
      if (failure.raised) {
        outcomes[index] = { host: host.label, ok: false, summary: 'skipped: another host failed' };
        continue;
      }
      const run = new HostRun(host, context, failure);
      try {
        outcomes[index] = { host: host.label, ok: true, summary: await work(run) };
      } catch (error) {
        if (options.stopOnFailure !== false) failure.raised = true;
        const tendError = asTendError(error);
        outcomes[index] = { host: host.label, ok: false, summary: `failed at ${run.failedStep ?? run.lastStep}: ${tendError.message}`, error: tendError };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, hosts.length) }, worker));
  return outcomes;
}

/** Marks the error of a host that stopped because another host failed. */
const abortedByPeer = Object.freeze({ abortedByPeer: true });

/** Throws when any host failed: with the hosts' error code when they agree, else E_DEPLOY_FAILED. */
export function throwIfFailed(outcomes: readonly HostOutcome[], verb: string): void {
  const failed = outcomes.filter((outcome) => !outcome.ok);
  if (failed.length === 0) return;
  // Hosts that only stopped because another failed say nothing about the cause: leave them out.
  const errors = failed.flatMap((outcome) => (outcome.error === undefined || outcome.error.details === abortedByPeer ? [] : [outcome.error]));
  const codes = [...new Set(errors.map((error) => error.code))];
  const [code] = codes;
  const first = errors[0];
  // Hosts that only stopped because another failed are in the summary, not in this count.
  const hosts = `${Math.max(errors.length, 1)} of ${outcomes.length} host${outcomes.length === 1 ? '' : 's'}`;
  const details = { hosts: outcomes.map(({ host, ok, summary, error }) => ({ host, ok, summary, ...(error === undefined ? {} : { code: error.code }) })) };
  if (codes.length === 1 && code !== undefined && first !== undefined) {
    throw new TendError(code, outcomes.length === 1 ? first.message : `${verb} failed on ${hosts}: ${first.message}`, { hint: first.hint, details });
  }
  throw new TendError('E_DEPLOY_FAILED', `${verb} failed on ${hosts}${codes.length > 0 ? ` (${codes.join(', ')})` : ''}`, { details });
}
