// dump, resurrect, clearDump, update and startup: PM2's explicit save/restore, the daemon handover,
// and the boot script.
import { TendError } from '../errors/index.js';
import { callerEnv } from '../client/caller.js';
import { processesByIds } from './procs.js';
import type { Session } from './session.js';
import type { ProcessDescription, StartupOptions } from './types.js';

export async function dump(session: Session, force: boolean): Promise<{ file: string; count: number }> {
  return (await session.client()).request('save', { force });
}

export async function resurrect(session: Session): Promise<ProcessDescription[]> {
  const client = await session.client();
  const result = await client.request('resurrect', { baseEnv: callerEnv() });
  return processesByIds(client, result.ids);
}

export async function clearDump(session: Session): Promise<{ file: string }> {
  return (await session.client()).request('cleardump', {});
}

/**
 * PM2's update: the apps are handed to a daemon of this version (state kept, processes restarted);
 * a home left with no app gets its dump back, as `tend update` does.
 */
export async function update(session: Session): Promise<{ success: true; count: number }> {
  const old = await session.client();
  await old.request('kill', { keepState: true });
  await old.waitClosed();
  session.forget();
  const client = await session.client();
  if ((await client.request('list', {})).length === 0) {
    await client.request('resurrect', { baseEnv: callerEnv() }).catch((error: unknown) => {
      if (!(error instanceof TendError && error.code === 'E_DUMP_NOT_FOUND')) throw error;
    });
  }
  return { success: true, count: (await client.request('list', {})).length };
}

/**
 * Writes (`startup`) or removes (`unstartup`) the boot script; without root (and no destdir) the
 * error carries the sudo command to run.
 */
export async function bootScript(verb: 'startup' | 'unstartup', platform: string | undefined, options: StartupOptions): Promise<unknown> {
  const boot = await import('../startup/index.js');
  const request = { platform, user: options.user, homePath: options.homePath, serviceName: options.serviceName, waitIp: false };
  const plan = boot.planStartup(boot.resolveStartupSettings(request, boot.systemContext()));
  if (plan.needsRoot && options.destdir === undefined && process.getuid?.() !== 0) {
    const command = boot.sudoCommand(verb, plan, request);
    throw new TendError('E_STARTUP_NEEDS_ROOT', `changing ${plan.file.path} needs root`, { hint: `run: ${command}`, details: { command } });
  }
  const where = options.destdir === undefined ? {} : { destdir: options.destdir };
  return verb === 'startup' ? boot.installStartup(plan, where) : boot.removeStartup(plan, where);
}
