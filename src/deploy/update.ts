// A deploy (`tend deploy <env> [update|ref]`): lock every host, pre-deploy-local, then on each host
// fetch → export release → link shared → pre-deploy → switch → post-deploy → record → cleanup.
// A failure before the switch leaves the host as it was; after it, activate() rolls back.
import path from 'node:path';
import { asTendError } from '../errors/index.js';
import type { SshConnection } from '../adapters/ssh/connection.js';
import { activate, hookVars, recordEntry, type ReleaseRef } from './activate.js';
import type { HostOutcome } from './events.js';
import { takeLock } from './hold-lock.js';
import { runLocalHook } from './local.js';
import { foldReleases, lastGood, releaseName, releasesToRemove } from './record.js';
import type { RemoteDeployPath } from './remote.js';
import { forEachHost, type DeployContext, type HostRun } from './session.js';

export interface UpdateOptions {
  /** Deploy this ref instead of the configured one. */
  readonly ref?: string;
  readonly forceUnlock: boolean;
}

export interface LockedHost {
  readonly connection: SshConnection;
  readonly remote: RemoteDeployPath;
  readonly lockId: string;
}

/** Gives back every lock taken and closes the connections. */
export async function releaseAll(locked: Map<string, LockedHost>): Promise<void> {
  await Promise.all(
    [...locked.values()].map(async ({ connection, remote, lockId }) => {
      try {
        await remote.unlock(lockId);
      } finally {
        connection.close();
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
      locked.set(run.label, { connection, remote, lockId });
      return 'locked';
    } catch (error) {
      connection.close();
      throw error;
    }
  });
  if (!outcomes.some((outcome) => !outcome.ok)) return { outcomes, locked };
  await releaseAll(locked);
  // Nothing was deployed anywhere: hosts that locked fine gave their lock back.
  const given = outcomes.map((outcome) => (outcome.ok ? { host: outcome.host, ok: false, summary: 'not changed: lock given back because another host failed' } : outcome));
  return { outcomes: given, locked: new Map() };
}

async function cleanup(run: HostRun, remote: RemoteDeployPath, context: DeployContext): Promise<void> {
  try {
    await run.step('cleanup', async () => {
      const releases = foldReleases(await remote.readRecord());
      const current = await remote.readCurrent();
      const remove = releasesToRemove(await remote.listReleaseDirs(), context.target.keepReleases, [current, lastGood(releases)?.release]);
      await remote.removeReleaseDirs(remove);
      return remove.length;
    }, { abortable: false, detail: (removed) => `${removed} old release${removed === 1 ? '' : 's'} removed` });
  } catch (error) {
    // A failed cleanup never fails a deploy that is already live (capistrano#258).
    context.listen({ type: 'notice', host: run.label, message: `cleanup failed (the deploy stands): ${asTendError(error).message}` });
  }
}

async function deployHost(run: HostRun, host: LockedHost, context: DeployContext, ref: string, startedAt: Date): Promise<string> {
  const { remote } = host;
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
    if (preDeploy !== undefined) await run.step('pre-deploy', () => remote.runHook('pre-deploy', preDeploy, remote.releaseDir(release.release), hookVars(context, remote, release)));
    await activate(run, remote, context, release, previous);
  } catch (error) {
    const failure = asTendError(error);
    await remote.appendRecord(recordEntry(context, release, { event: 'deploy', status: 'failed', failed_step: run.failedStep ?? run.lastStep, message: failure.message }));
    throw error;
  }
  await remote.appendRecord(recordEntry(context, release, { event: 'deploy', status: 'good' }));
  await cleanup(run, remote, context);
  return `deployed ${release.release} (${ref})`;
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
    return await forEachHost(context, (run) => {
      const host = locked.get(run.label);
      if (host === undefined) throw new Error(`${run.label} was not locked`);
      return deployHost(run, host, context, ref, startedAt);
    });
  } finally {
    await releaseAll(locked);
  }
}
