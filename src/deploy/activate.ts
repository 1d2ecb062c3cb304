// Making a release live: switch `current`, run post-deploy in it, and when that fails put `current`
// back on the release that was live before and re-run its post-deploy (automatic rollback).
import path from 'node:path';
import { asTendError, TendError } from '../errors/index.js';
import { quoteArgv } from '../adapters/ssh/quote.js';
import type { RecordEntry } from './record.js';
import type { RemoteDeployPath } from './remote.js';
import type { DeployContext, HostRun } from './session.js';

export interface ReleaseRef {
  readonly release: string;
  readonly sha: string;
  readonly ref: string;
  /** The post-deploy this release went live with (from the record); absent for a new release. */
  readonly postDeploy?: string;
}

/**
 * PM2's default post-deploy, with tend: `${TEND_BIN:-tend} startOrReload <path>/current/<file> --env <env>`.
 * The file is named through `current`, not the release directory, so every release is the same
 * source for the daemon (which owns apps by file) while the apps' cwd still resolves to the release.
 */
export function defaultPostDeploy(ecosystemFile: string, env: string): string {
  // TEND_BIN is left unquoted on purpose so it may be a command with arguments (`node /opt/tend/bin/tend.js`).
  return `\${TEND_BIN:-tend} ${quoteArgv(['startOrReload', ecosystemFile, '--env', env])}`;
}

/** Variables every remote hook sees: the config's `env` plus where things are. */
export function hookVars(context: DeployContext, remote: RemoteDeployPath, release: ReleaseRef | undefined): Record<string, string> {
  return {
    ...context.target.vars,
    SHARED: remote.shared,
    TEND_DEPLOY_ENV: context.target.env,
    TEND_DEPLOY_PATH: remote.base,
    ...(release === undefined ? {} : { TEND_RELEASE: remote.releaseDir(release.release), TEND_REVISION: release.sha }),
  };
}

export function postDeployScript(context: DeployContext, remote: RemoteDeployPath): string {
  return context.target.hooks['post-deploy'] ?? defaultPostDeploy(path.posix.join(remote.current, context.ecosystemInRepo), context.target.env);
}

export function recordEntry(context: DeployContext, release: ReleaseRef, fields: Pick<RecordEntry, 'event'> & Partial<RecordEntry>): RecordEntry {
  return { release: release.release, sha: release.sha, ref: release.ref, time: context.now().toISOString(), by: context.by, ...fields };
}

/** Marks the error of a host whose rollback failed too: it may serve nothing healthy (a `degraded` deploy). */
export const rollbackFailed = Object.freeze({ rollbackFailed: true });

/** Whether a host's error says its rollback failed too. */
export function isDegraded(error: unknown): boolean {
  return error instanceof TendError && error.details === rollbackFailed;
}

/**
 * Switches to `release` and runs its post-deploy (the one it went live with before, for a revert;
 * the config's, for a new release). On failure, `previous` (what was live) is switched back and the
 * post-deploy it went live with re-run — not the new one, which may need files only the new release
 * has — or `current` removed when nothing was live; then the failure is rethrown with what was done.
 */
export async function activate(
  run: HostRun,
  remote: RemoteDeployPath,
  context: DeployContext,
  release: ReleaseRef,
  previous: ReleaseRef | undefined,
): Promise<void> {
  const configured = postDeployScript(context, remote);
  const script = release.postDeploy ?? configured;
  await run.step('switch', () => remote.switchCurrent(release.release), { abortable: false, detail: () => `current → releases/${release.release}` });
  try {
    await run.step('post-deploy', () => remote.runHook('post-deploy', script, remote.current, hookVars(context, remote, release), context.signal), {
      abortable: false,
    });
  } catch (error) {
    const failure = asTendError(error);
    let outcome: string;
    let degraded = false;
    try {
      if (previous === undefined) {
        await run.step('rollback', () => remote.removeCurrent(), { abortable: false, detail: () => 'no earlier release: current removed' });
        outcome = 'no earlier release to roll back to; current removed';
      } else {
        await run.step(
          'rollback',
          async () => {
            await remote.switchCurrent(previous.release);
            await remote.runHook('post-deploy', previous.postDeploy ?? configured, remote.current, hookVars(context, remote, previous));
          },
          { abortable: false, detail: () => `current → releases/${previous.release}, post-deploy re-run` },
        );
        await remote.appendRecord(recordEntry(context, previous, { event: 'rollback', message: `${release.release} failed at post-deploy` }));
        outcome = `rolled back to ${previous.release}`;
      }
    } catch (rollbackError) {
      outcome = `rollback failed too: ${asTendError(rollbackError).message}`;
      degraded = true;
    }
    throw new TendError(failure.code, `${failure.message} (${outcome})`, {
      hint: failure.hint,
      cause: error,
      ...(degraded ? { details: rollbackFailed } : {}),
    });
  }
}
