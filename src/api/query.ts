// list, describe, getProcessIdByName, getPID, env, ping, getVersion: reads of the daemon and its
// process table (in jlist's shape).
import { TendError } from '../errors/index.js';
import { version } from '../version.js';
import { describeRecords } from './procs.js';
import type { Session } from './session.js';
import type { ProcessDescription } from './types.js';

export async function list(session: Session): Promise<ProcessDescription[]> {
  return describeRecords(await (await session.client()).request('list', {}));
}

/** The processes of an app name or id; none is an empty list, not an error (as PM2). */
export async function describe(session: Session, target: string | number): Promise<ProcessDescription[]> {
  const token = String(target);
  return (await list(session)).filter((proc) => proc.name === token || String(proc.pm_id) === token);
}

export async function processIdsByName(session: Session, name: string): Promise<number[]> {
  return (await list(session)).filter((proc) => proc.name === name).map((proc) => proc.pm_id);
}

/** The pids of an app's running processes (every app's with no name). */
export async function pids(session: Session, name: string | undefined): Promise<number[]> {
  return (await list(session)).filter((proc) => (name === undefined || proc.name === name) && proc.pid > 0).map((proc) => proc.pid);
}

export async function env(session: Session, id: number): Promise<Record<string, string>> {
  const proc = (await list(session)).find((candidate) => candidate.pm_id === id);
  if (!proc) throw new TendError('E_APP_NOT_FOUND', `no process with id ${id}`);
  return proc.pm2_env.env;
}

export async function ping(session: Session): Promise<{ msg: 'pong'; pid: number; uptime: number }> {
  return { msg: 'pong', ...(await (await session.client()).request('ping', {})) };
}

export function getVersion(): Promise<string> {
  return Promise.resolve(version);
}
