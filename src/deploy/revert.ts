// `tend deploy <env> revert [n]`: switch every host to one commit — the n-th good one before the
// current ones that every host has as a good release — and run the post-deploy it went live with
// (with the same automatic rollback as a deploy). Failed releases are never chosen (PM2 #1172).
import { TendError } from '../errors/index.js';
import { activate, recordEntry, type ReleaseRef } from './activate.js';
import type { HostOutcome } from './events.js';
import { fleetRevertSha, foldReleases, goodReleaseOf, type ReleaseInfo } from './record.js';
import type { RemoteDeployPath } from './remote.js';
import type { DeployContext } from './session.js';
import { forEachHost } from './session.js';
import { lockHosts, releaseAll } from './update.js';

export interface RevertOptions {
  readonly steps: number;
  readonly forceUnlock: boolean;
}

interface Choice {
  readonly current: ReleaseRef;
  readonly target: ReleaseRef;
}

interface HostState {
  readonly releases: ReleaseInfo[];
  readonly current: string;
}

async function readState(remote: RemoteDeployPath, label: string): Promise<HostState> {
  const current = await remote.readCurrent();
  if (current === undefined) throw new TendError('E_DEPLOY_NO_RELEASE', `${label}: nothing is deployed (no current release)`);
  // Only releases still on the server can be gone back to (cleanup removes old ones).
  const present = new Set(await remote.listReleaseDirs());
  const releases = foldReleases(await remote.readRecord()).filter((release) => present.has(release.release) || release.release === current);
  return { releases, current };
}

/** This host's release of the fleet's target commit, still on the server. */
async function choose(remote: RemoteDeployPath, label: string, state: HostState, sha: string): Promise<Choice> {
  const current = state.releases.find((release) => release.release === state.current) ?? { release: state.current, sha: '', ref: '' };
  const target = goodReleaseOf(state.releases, state.current, sha);
  if (target === undefined) throw new TendError('E_DEPLOY_NO_RELEASE', `${label}: no good release of ${sha.slice(0, 12)} before ${state.current}`);
  if (!(await remote.releaseExists(target.release)))
    throw new TendError('E_DEPLOY_NO_RELEASE', `${label}: release ${target.release} was removed from the server`);
  return { current, target };
}

export async function revert(context: DeployContext, options: RevertOptions): Promise<HostOutcome[]> {
  const { outcomes, locked } = await lockHosts(context, options.forceUnlock);
  if (outcomes.some((outcome) => !outcome.ok)) return outcomes;
  try {
    const states = new Map<string, HostState>();
    const read = await forEachHost(context, async (run) => {
      const host = locked.get(run.label);
      if (host === undefined) throw new Error(`${run.label} was not locked`);
      states.set(run.label, await run.step('read', () => readState(host.remote, run.label), { detail: (state) => `current ${state.current}` }));
      return 'read';
    });
    if (read.some((outcome) => !outcome.ok)) return read;
    // One commit for the whole fleet: hosts whose histories differ still end up together.
    const sha = fleetRevertSha([...states.values()], options.steps);
    if (sha === undefined) {
      throw new TendError('E_DEPLOY_NO_RELEASE', `no commit ${options.steps} back is a good release on every host`, {
        hint: 'See `tend deploy <env> list`; deploy the ref you want (`tend deploy <env> <ref>`) instead.',
      });
    }
    const choices = new Map<string, Choice>();
    const chosen = await forEachHost(context, async (run) => {
      const host = locked.get(run.label);
      const state = states.get(run.label);
      if (host === undefined || state === undefined) throw new Error(`${run.label} was not read`);
      choices.set(
        run.label,
        await run.step('choose', () => choose(host.remote, run.label, state, sha), { detail: (value) => `${value.current.release} → ${value.target.release}` }),
      );
      return 'chosen';
    });
    if (chosen.some((outcome) => !outcome.ok)) return chosen;
    return await forEachHost(context, async (run) => {
      const host = locked.get(run.label);
      const choice = choices.get(run.label);
      if (host === undefined || choice === undefined) throw new Error(`${run.label} was not prepared`);
      await activate(run, host.remote, context, choice.target, choice.current);
      await host.remote.appendRecord(recordEntry(context, choice.target, { event: 'revert', message: `from ${choice.current.release}` }));
      return `reverted to ${choice.target.release} (${sha.slice(0, 12)})`;
    });
  } finally {
    await releaseAll(context, locked);
  }
}
