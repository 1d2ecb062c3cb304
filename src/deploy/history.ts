// `curr`, `prev` and `list`: what each host's record and release directories say.
import type { HostOutcome } from './events.js';
import { foldReleases, previousGood, type ReleaseInfo } from './record.js';
import { forEachHost, type DeployContext } from './session.js';

export interface ListedRelease extends ReleaseInfo {
  readonly current: boolean;
  /** Whether its directory is still on the server (cleanup removes old ones). */
  readonly present: boolean;
}

export interface HostHistory {
  readonly host: string;
  readonly current: string | undefined;
  /** The good release before current, which `revert` would switch to. */
  readonly previous: string | undefined;
  /** Oldest first. */
  readonly releases: readonly ListedRelease[];
}

export async function history(context: DeployContext): Promise<{ outcomes: HostOutcome[]; hosts: HostHistory[] }> {
  const hosts: HostHistory[] = [];
  const outcomes = await forEachHost(context, async (run) => {
    const { connection, remote } = await run.connect();
    try {
      await remote.requireSetUp(context.target.env);
      const { releases, current, dirs } = await run.step(
        'read',
        async () => ({
          releases: foldReleases(await remote.readRecord()),
          current: await remote.readCurrent(),
          dirs: new Set(await remote.listReleaseDirs()),
        }),
        { detail: (value) => `${value.releases.length} recorded` },
      );
      hosts.push({
        host: run.label,
        current,
        previous: current === undefined ? undefined : previousGood(releases, current)?.release,
        releases: releases.map((release) => ({ ...release, current: release.release === current, present: dirs.has(release.release) })),
      });
      return current === undefined ? 'nothing deployed' : `current ${current}`;
    } finally {
      connection.close();
    }
  });
  const order = context.target.hosts.map((host) => host.label);
  hosts.sort((a, b) => order.indexOf(a.host) - order.indexOf(b.host));
  return { outcomes, hosts };
}
