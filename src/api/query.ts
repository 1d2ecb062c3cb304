// list, describe, getProcessIdByName: reads of the daemon's process table in jlist's shape.
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
