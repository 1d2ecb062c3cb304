// PM2's versioning calls: pullAndReload, pullAndRestart, pullCommitId, forward, backward. Each moves
// the git checkout an app runs from, as `tend pull|forward|backward` do, then reloads (or restarts)
// the app when its code changed.
import { TendError } from '../errors/index.js';
import { backwardCheckout, forwardCheckout, pullCheckout, type Move } from '../adapters/git/checkout.js';
import { processesByIds } from './procs.js';
import type { Session } from './session.js';
import type { VersionMove } from './types.js';

type Mover = (dir: string) => Promise<Move>;

export const movers = {
  pull: (dir: string) => pullCheckout(dir),
  forward: forwardCheckout,
  backward: backwardCheckout,
  commit: (commit: unknown): Mover => {
    if (typeof commit !== 'string' || commit === '') throw new TendError('E_USAGE', 'pullCommitId takes the app and a commit id');
    return (dir: string) => pullCheckout(dir, commit);
  },
} as const;

/**
 * Moves the checkout of `target` (a name or id) and reloads the app. An unmoved checkout answers
 * `{ success: false }`, or, with `unmovedIsError` (PM2's pullAndReload/pullAndRestart), fails with E_UP_TO_DATE.
 */
export async function moveAndReload(
  session: Session,
  target: unknown,
  move: Mover,
  options: { mode: 'reload' | 'restart'; unmovedIsError: boolean },
): Promise<VersionMove> {
  if (typeof target !== 'string' && typeof target !== 'number') throw new TendError('E_USAGE', 'pass the name or id of the app whose checkout to move');
  const client = await session.client();
  const token = String(target);
  const record = (await client.request('list', {})).find((candidate) => candidate.name === token || String(candidate.pm_id) === token);
  if (record === undefined) throw new TendError('E_APP_NOT_FOUND', `no process with the name or id '${token}'`);
  const dir = String(record.pm2_env.pm_cwd);
  const { from, to } = await move(dir);
  const moved = { app: record.name, dir, from, to, current_revision: to };
  if (from === to) {
    if (!options.unmovedIsError) return { ...moved, success: false, procs: [] };
    throw Object.assign(new TendError('E_UP_TO_DATE', `${record.name}: ${dir} is already at ${to.slice(0, 7)}; nothing reloaded`), {
      success: false,
      msg: 'Already up to date',
    });
  }
  const result = await client.request(options.mode, { targets: [record.name] });
  return { ...moved, success: true, procs: await processesByIds(client, result.ids) };
}
