// flush and reloadLogs.
import { daemonTargets, type Target } from './procs.js';
import type { Session } from './session.js';

/** Empties the log files of the target (every app when none, or `all`). */
export async function flush(session: Session, target: Target | undefined): Promise<{ files: string[] }> {
  const client = await session.client();
  const targets = target === undefined || target === 'all' ? [] : await daemonTargets(client, target, session.cwd);
  return client.request('flush', { targets });
}

export async function reloadLogs(session: Session): Promise<{ ok: true }> {
  return (await session.client()).request('reloadLogs', {});
}
