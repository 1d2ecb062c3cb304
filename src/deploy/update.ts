// A deploy (`tend deploy <env> [update|ref]`): lock every host, pre-deploy-local, then on each host
// fetch → export release → link shared → pre-deploy; once every host got there (the barrier):
// switch → post-deploy → record → cleanup. A failure before the switch leaves every host as it was;
// after it, activate() rolls back.
import path from 'node:path';
import { asTendError, TendError } from '../errors/index.js';
import type { SshConnection } from '../adapters/ssh/connection.js';
import { activate, hookVars, postDeployScript, recordEntry, type ReleaseRef } from './activate.js';
import type { DeployHost } from './config.js';
import type { HostOutcome } from './events.js';
import { takeLock } from './hold-lock.js';
import { runLocalHook } from './local.js';
import { foldReleases, lastGood, releaseName, releasesToRemove } from './record.js';
import { RemoteDeployPath } from './remote.js';
import { forEachHost, openConnection, stoppedByPeer, type DeployContext, type HostRun } from './session.js';

export interface UpdateOptions {
  /** Deploy this ref instead of the configured one. */
  readonly ref?: string;
  readonly forceUnlock: boolean;
}

export interface LockedHost {
  readonly host: DeployHost;
  readonly connection: SshConnection;
  readonly remote: RemoteDeployPath;
  readonly lockId: string;
}

/**
 * Gives back every lock taken and closes the connections, whatever happens to each: a host whose
 * connection dropped is reached again to give its lock back; a lock that still cannot be given back
 * is reported, never thrown over the hosts' outcomes.
 */
export async function releaseAll(context: DeployContext, locked: Map<string, LockedHost>): Promise<void> {
  await Promise.allSettled(
    [...locked].map(async ([label, { connection, remote, lockId, host }]) => {
      try {
        await remote.unlock(lockId);
        return;
      } catch {
        // The connection is gone: try once more on a fresh one.
      } finally {
        connection.close();
      }
      try {
        const again = await openConnection(host, context.target);
        try {
          const fresh = await RemoteDeployPath.open(again, label, context.target.path, context.listen);
          await fresh.unlock(lockId);
        } finally {
          again.close();
        }
      } catch (error) {
        context.listen({
          type: 'notice',
          host: label,
          message: `the lock could not be given back (${asTendError(error).message}); the next deploy will report it stale`,
        });
      }
    }),
  );
}

/** Connects to every host and takes its lock; on any failure gives back what was taken. */
export async function lockHosts(context: DeployContext, forceUnlock: boolean): Promise<{ outcomes: HostOutcome[]; locked: Map<string, LockedHost> }> {
  const locked = new Map<string, LockedHost>();
  const outcomes = await forEachHost(context, async (run) => {
    const { connection, remote } = await run.connect();
    try {
      await remote.requireSetUp(context.target.env);
      const lockId = await takeLock(run, remote, context, forceUnlock);
      locked.set(run.label, { host: run.host, connection, remote, lockId });
      return 'locked';
    } catch (error) {
      connection.close();
      throw error;
    }
  });
  if (!outcomes.some((outcome) => !outcome.ok)) return { outcomes, locked };
  await releaseAll(context, locked);
  // Nothing was deployed anywhere: hosts that locked fine gave their lock back.
  const given = outcomes.map((outcome) =>
    outcome.ok ? { host: outcome.host, ok: false, summary: 'not changed: lock given back because another host failed' } : outcome,
  );
  return { outcomes: given, locked: new Map() };
}

async function cleanup(run: HostRun, remote: RemoteDeployPath, context: DeployContext): Promise<void> {
  try {
    await run.step(
      'cleanup',
      async () => {
        const releases = foldReleases(await remote.readRecord());
        const current = await remote.readCurrent();
        const remove = releasesToRemove(await remote.listReleaseDirs(), context.target.keepReleases, releases, [current, lastGood(releases)?.release]);
        await remote.removeReleaseDirs(remove);
        return remove.length;
      },
      { abortable: false, detail: (removed) => `${removed} old release${removed === 1 ? '' : 's'} removed` },
    );
  } catch (error) {
    // A failed cleanup never fails a deploy that is already live (capistrano#258).
    context.listen({ type: 'notice', host: run.label, message: `cleanup failed (the deploy stands): ${asTendError(error).message}` });
  }
}

/** A host whose new release is exported, linked and through pre-deploy: ready to switch. */
interface PreparedHost {
  readonly locked: LockedHost;
  readonly release: ReleaseRef;
  readonly previous: ReleaseRef | undefined;
}

/** Records a release's failure; a record that cannot be written (connection lost) is reported, not thrown over the cause. */
async function recordFailure(
  context: DeployContext,
  host: string,
  remote: RemoteDeployPath,
  release: ReleaseRef,
  step: string,
  message: string,
): Promise<void> {
  try {
    await remote.appendRecord(recordEntry(context, release, { event: 'deploy', status: 'failed', failed_step: step, message }));
  } catch (error) {
    context.listen({ type: 'notice', host, message: `could not record ${release.release} as failed: ${asTendError(error).message}` });
  }
}

/** Everything before the switch: fetch → resolve → export → shared → pre-deploy. The host stays as it was. */
async function prepareHost(run: HostRun, locked: LockedHost, context: DeployContext, ref: string, startedAt: Date): Promise<PreparedHost> {
  const { remote } = locked;
  const releases = foldReleases(await remote.readRecord());
  const currentName = await remote.readCurrent();
  const previousInfo = releases.find((release) => release.release === currentName);
  const previous: ReleaseRef | undefined = currentName === undefined ? undefined : (previousInfo ?? { release: currentName, sha: '', ref: '' });

  await run.step('fetch', () => remote.fetch());
  const sha = await run.step('resolve', () => remote.resolveRef(ref), { detail: (value) => `${ref} = ${value.slice(0, 12)}` });
  // One start time for every host: a deploy's release has the same name everywhere.
  const release: ReleaseRef = { release: releaseName(startedAt, sha), sha, ref };
  await run.step('release', () => remote.exportRelease(release.release, sha), { detail: () => `releases/${release.release}` });
  await remote.appendRecord(recordEntry(context, release, { event: 'deploy', status: 'pending' }));
  try {
    await run.step('shared', () => remote.linkShared(release.release, context.target.shared), { detail: () => `${context.target.shared.length} linked` });
    const preDeploy = context.target.hooks['pre-deploy'];
    if (preDeploy !== undefined)
      await run.step('pre-deploy', () =>
        remote.runHook('pre-deploy', preDeploy, remote.releaseDir(release.release), hookVars(context, remote, release), context.signal),
      );
  } catch (error) {
    await recordFailure(context, run.label, remote, release, run.failedStep ?? run.lastStep, asTendError(error).message);
    throw error;
  }
  return { locked, release, previous };
}

/** The switch and after: activate (with its automatic rollback), record, cleanup. */
async function switchHost(run: HostRun, prepared: PreparedHost, context: DeployContext): Promise<string> {
  const { remote } = prepared.locked;
  const { release, previous } = prepared;
  const script = postDeployScript(context, remote);
  try {
    await activate(run, remote, context, release, previous);
  } catch (error) {
    await recordFailure(context, run.label, remote, release, run.failedStep ?? run.lastStep, asTendError(error).message);
    throw error;
  }
  await remote.appendRecord(recordEntry(context, release, { event: 'deploy', status: 'good', post_deploy: script }));
  await cleanup(run, remote, context);
  return `deployed ${release.release} (${release.ref})`;
}

/**
 * Prepares every host, then — only when every host is ready — switches them. A host that fails
 * before the switch stops all of them there (the barrier): no host runs the new release while
 * another cannot, and every prepared release is recorded failed.
 */
async function deployAll(context: DeployContext, locked: Map<string, LockedHost>, ref: string, startedAt: Date): Promise<HostOutcome[]> {
  const prepared = new Map<string, PreparedHost>();
  const before = await forEachHost(context, async (run) => {
    const host = locked.get(run.label);
    if (host === undefined) throw new Error(`${run.label} was not locked`);
    prepared.set(run.label, await prepareHost(run, host, context, ref, startedAt));
    return 'ready to switch';
  });
  const failed = before.filter((outcome) => !outcome.ok).map((outcome) => outcome.host);
  const cancelled = context.signal?.aborted === true;
  if (failed.length > 0 || cancelled) {
    const why = failed.length > 0 ? `not switched: ${failed.join(', ')} failed before the switch` : 'not switched: cancelled';
    return Promise.all(
      before.map(async (outcome) => {
        const ready = prepared.get(outcome.host);
        if (!outcome.ok || ready === undefined) return outcome;
        await recordFailure(context, outcome.host, ready.locked.remote, ready.release, 'barrier', why);
        return failed.length > 0
          ? stoppedByPeer(outcome.host, why)
          : { host: outcome.host, ok: false, summary: why, error: new TendError('E_DEPLOY_CANCELLED', `${outcome.host}: ${why}`) };
      }),
    );
  }
  return forEachHost(context, (run) => {
    const ready = prepared.get(run.label);
    if (ready === undefined) throw new Error(`${run.label} was not prepared`);
    return switchHost(run, ready, context);
  });
}

export async function update(context: DeployContext, options: UpdateOptions): Promise<HostOutcome[]> {
  const { target } = context;
  const ref = options.ref ?? target.ref;
  const startedAt = context.now();
  const { outcomes, locked } = await lockHosts(context, options.forceUnlock);
  if (outcomes.some((outcome) => !outcome.ok)) return outcomes;
  try {
    const preDeployLocal = target.hooks['pre-deploy-local'];
    if (preDeployLocal !== undefined) {
      const started = Date.now();
      try {
        await runLocalHook('pre-deploy-local', preDeployLocal, path.dirname(target.file), target.vars, context.listen);
        context.listen({ type: 'step', host: 'local', step: 'pre-deploy-local', ok: true, ms: Date.now() - started });
      } catch (error) {
        context.listen({ type: 'step', host: 'local', step: 'pre-deploy-local', ok: false, ms: Date.now() - started, detail: asTendError(error).message });
        throw error;
      }
    }
    return await deployAll(context, locked, ref, startedAt);
  } finally {
    await releaseAll(context, locked);
  }
}
