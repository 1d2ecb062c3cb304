// The deploy record, `path/.tend/deploys.jsonl`: one JSON line per event, appended, never
// rewritten. A release's status comes from its deploy events, so revert and cleanup never pick or
// delete a release that failed (PM2 #1172, Capistrano #514/#1907). Pure.

export type ReleaseStatus = 'pending' | 'good' | 'failed';

export type RecordEvent =
  /** A deploy created the release (pending), then finished it (good) or not (failed). */
  | 'deploy'
  /** `revert` switched `current` to this release. */
  | 'revert'
  /** A failed step after the switch put `current` back on this release. */
  | 'rollback';

export interface RecordEntry {
  readonly event: RecordEvent;
  readonly release: string;
  readonly sha: string;
  readonly ref: string;
  /** For deploy events: the status the release has from now on. */
  readonly status?: ReleaseStatus;
  /** ISO time. */
  readonly time: string;
  /** `user@machine` that ran the command. */
  readonly by: string;
  /** The step that failed, and its message. */
  readonly failed_step?: string;
  readonly message?: string;
  /** On a deploy's `good` entry: the post-deploy it ran, which a rollback or revert to it runs again. */
  readonly post_deploy?: string;
}

export interface ReleaseInfo {
  readonly release: string;
  readonly sha: string;
  readonly ref: string;
  readonly status: ReleaseStatus;
  /** When and by whom it was deployed. */
  readonly time: string;
  readonly by: string;
  readonly failedStep?: string;
  /** The post-deploy it went live with (records before issue 23 have none). */
  readonly postDeploy?: string;
}

/** `20250314T101502.123Z-abc1234`: sortable by time, names the commit. */
export function releaseName(now: Date, sha: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '');
  return `${stamp}-${sha.slice(0, 7)}`;
}

/** Parses the record; lines that are not entries (a torn last write) are skipped. */
export function parseRecord(text: string): RecordEntry[] {
  const entries: RecordEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as Partial<RecordEntry>;
      if (typeof value.release === 'string' && typeof value.event === 'string') entries.push(value as RecordEntry);
    } catch {
      // A line cut short by a lost connection: the rest of the record still counts.
    }
  }
  return entries;
}

/** Releases in the order they were first deployed, each with its latest status. */
export function foldReleases(entries: readonly RecordEntry[]): ReleaseInfo[] {
  const byName = new Map<string, ReleaseInfo>();
  for (const entry of entries) {
    if (entry.event !== 'deploy') continue;
    const earlier = byName.get(entry.release);
    const status = entry.status ?? earlier?.status ?? 'pending';
    const postDeploy = entry.post_deploy ?? earlier?.postDeploy;
    byName.set(entry.release, {
      release: entry.release,
      sha: entry.sha,
      ref: entry.ref,
      status,
      time: earlier?.time ?? entry.time,
      by: earlier?.by ?? entry.by,
      ...(entry.failed_step === undefined ? {} : { failedStep: entry.failed_step }),
      ...(postDeploy === undefined ? {} : { postDeploy }),
    });
  }
  return [...byName.values()];
}

/** The n-th good release deployed before `current` (n ≥ 1), if there is one. */
export function previousGood(releases: readonly ReleaseInfo[], current: string, n = 1): ReleaseInfo | undefined {
  const index = releases.findIndex((release) => release.release === current);
  if (index < 0) return undefined;
  const older = releases.slice(0, index).filter((release) => release.status === 'good');
  return older[older.length - n];
}

/** The newest good release. */
export function lastGood(releases: readonly ReleaseInfo[]): ReleaseInfo | undefined {
  return releases.filter((release) => release.status === 'good').at(-1);
}

/**
 * Release directories that keep_releases cleanup removes. Only good releases count: the newest
 * `keep` good ones stay, and so do `current` and the last good release; failed and pending releases
 * older than the newest kept one go (capistrano#1907, #2120). Directories the record does not know
 * (made before it existed) count as good.
 */
export function releasesToRemove(
  dirs: readonly string[],
  keep: number,
  releases: readonly ReleaseInfo[],
  protectedNames: readonly (string | undefined)[],
): string[] {
  const status = new Map(releases.map((release) => [release.release, release.status]));
  const sorted = [...dirs].sort();
  const good = sorted.filter((name) => (status.get(name) ?? 'good') === 'good');
  const kept = new Set([...good.slice(Math.max(0, good.length - keep)), ...protectedNames]);
  const newestKept = [...kept]
    .filter((name): name is string => name !== undefined && sorted.includes(name))
    .sort()
    .at(-1);
  return sorted.filter((name) => !kept.has(name) && (newestKept === undefined || name < newestKept));
}

/**
 * The commit a fleet-wide `revert [n]` goes to: the n-th good commit before each host's current one
 * that every host has as a good release, newest first. Hosts' histories may differ (a host added
 * later, a deploy that failed on one host); one commit for all keeps the fleet together.
 */
export function fleetRevertSha(hosts: readonly { releases: readonly ReleaseInfo[]; current: string }[], n: number): string | undefined {
  const candidates = hosts.map(({ releases, current }) => {
    const index = releases.findIndex((release) => release.release === current);
    const currentSha = releases[index]?.sha;
    const older = index < 0 ? [] : releases.slice(0, index).filter((release) => release.status === 'good' && release.sha !== currentSha);
    return older.reverse();
  });
  const [first, ...others] = candidates;
  if (first === undefined) return undefined;
  const shared = [...new Set(first.map((release) => release.sha))].filter((sha) => others.every((list) => list.some((release) => release.sha === sha)));
  return shared[n - 1];
}

/** The newest good release of `sha` before `current`. */
export function goodReleaseOf(releases: readonly ReleaseInfo[], current: string, sha: string): ReleaseInfo | undefined {
  const index = releases.findIndex((release) => release.release === current);
  return releases
    .slice(0, Math.max(0, index))
    .filter((release) => release.status === 'good' && release.sha === sha)
    .at(-1);
}
