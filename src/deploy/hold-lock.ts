// Taking and giving back the per-host lock, with the holder named and stale locks reported.
import { TendError } from '../errors/index.js';
import { describeOwner, newLockOwner, parseLock, staleReason } from './lock.js';
import type { RemoteDeployPath } from './remote.js';
import type { DeployContext, HostRun } from './session.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws E_DEPLOY_LOCKED naming the holder; `forceUnlock` breaks a held lock first. Returns the lock id. */
export async function takeLock(run: HostRun, remote: RemoteDeployPath, context: DeployContext, forceUnlock: boolean): Promise<string> {
  return run.step('lock', async () => {
    const owner = newLockOwner(context.by, context.machine, process.pid, context.now(), context.command);
    const text = JSON.stringify(owner);
    let attempt = await remote.tryLock(text);
    if (!attempt.taken && forceUnlock) {
      const holder = parseLock(attempt.holder);
      context.listen({ type: 'notice', host: run.label, message: `breaking the lock held by ${holder ? describeOwner(holder) : 'an unreadable owner'}` });
      await remote.breakLock();
      attempt = await remote.tryLock(text);
    }
    if (!attempt.taken) {
      const holder = parseLock(attempt.holder);
      const stale = holder && staleReason(holder, context.machine, isAlive, context.now());
      const who = holder ? describeOwner(holder) : `an unreadable owner (${attempt.holder.trim().slice(0, 80)})`;
      throw new TendError('E_DEPLOY_LOCKED', `${run.label}: locked by ${who}${stale ? `; it looks stale (${stale})` : ''}`, {
        hint: stale ? 'Re-run with --force-unlock to break it.' : 'Wait for that deploy to finish; if its holder is gone, re-run with --force-unlock.',
        ...(holder ? { details: { holder } } : {}),
      });
    }
    return owner.id;
  });
}
