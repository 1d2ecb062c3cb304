// `tend deploy <env> revert [n]`: switch every host to the n-th good release before its current one
// and run post-deploy there (with the same automatic rollback as a deploy). Failed releases are
// never chosen (PM2 #1172). Hosts must agree on what is current, or the revert would split them.
import { TendError } from '../errors/index.js';
import { activate, recordEntry, type ReleaseRef } from './activate.js';
import type { HostOutcome } from './events.js';
import { foldReleases, previousGood } from './record.js';
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

async function choose(remote: RemoteDeployPath, label: string, steps: number): Promise<Choice> {
  const releases = foldReleases(await remote.readRecord());
  const currentName = await remote.readCurrent();
  if (currentName === undefined) throw new TendError('E_DEPLOY_NO_RELEASE', `${label}: nothing is deployed (no current release)`);
  const current = releases.find((release) => release.release === currentName) ?? { release: currentName, sha: '', ref: '' };
  const target = previousGood(releases, currentName, steps);
  if (target === undefined) throw new TendError('E_DEPLOY_NO_RELEASE', `${label}: there is no good release ${steps} before ${currentName}`);
  if (!(await remote.releaseExists(target.release))) throw new TendError('E_DEPLOY_NO_RELEASE', `${label}: release ${target.release} was removed from the server`);
  return { current, target };
}

export async function revert(context: DeployContext, options: RevertOptions): Promise<HostOutcome[]> {
  const { outcomes, locked } = await lockHosts(context, options.forceUnlock);
  if (outcomes.some((outcome) => !outcome.ok)) return outcomes;
  try {
    const choices = new Map<string, Choice>();
    const chosen = await forEachHost(context, async (run) => {
      const host = locked.get(run.label);
      if (host === undefined) throw new Error(`${run.label} was not locked`);
      const choice = await run.step('choose', () => choose(host.remote, run.label, options.steps), { detail: (value) => `${value.current.release} → ${value.target.release}` });
      choices.set(run.label, choice);
      return 'chosen';
    });
    if (chosen.some((outcome) => !outcome.ok)) return chosen;
    const currents = new Set([...choices.values()].map((choice) => choice.current.sha || choice.current.release));
    if (currents.size > 1) {
      throw new TendError('E_DEPLOY_STEP', `hosts run different releases (${[...choices].map(([host, choice]) => `${host}: ${choice.current.release}`).join(', ')}); a revert would leave them further apart`, {
        hint: 'Deploy one ref to every host first (`tend deploy <env>`), then revert.',
      });
    }
    return await forEachHost(context, async (run) => {
      const host = locked.get(run.label);
      const choice = choices.get(run.label);
      if (host === undefined || choice === undefined) throw new Error(`${run.label} was not prepared`);
      await activate(run, host.remote, context, choice.target, choice.current);
      await host.remote.appendRecord(recordEntry(context, choice.target, { event: 'revert', message: `from ${choice.current.release}` }));
      return `reverted to ${choice.target.release}`;
    });
  } finally {
    await releaseAll(locked);
  }
}
