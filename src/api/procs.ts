// PM2's answers: the processes a call touched, as `list()` shows them, and targets as the daemon
// reads them (a script path given relative to the instance's cwd becomes the absolute path apps run).
import { resolve } from 'node:path';
import type { DaemonClient } from '../client/daemon-client.js';
import type { ProcessDescription, ProcessRecord } from './types.js';

export type Target = string | number;

export function describeRecords(records: readonly ProcessRecord[]): ProcessDescription[] {
  return records as ProcessDescription[];
}

export async function processesByIds(client: DaemonClient, ids: readonly number[]): Promise<ProcessDescription[]> {
  const records = await client.request('list', {});
  return describeRecords(records.filter((record) => ids.includes(record.pm_id)));
}

export async function processesByNames(client: DaemonClient, names: readonly string[]): Promise<ProcessDescription[]> {
  const records = await client.request('list', {});
  return describeRecords(records.filter((record) => names.includes(record.name)));
}

/** Targets for the daemon: ids and names as given, a script path resolved from `cwd` when an app runs it. */
export async function daemonTargets(client: DaemonClient, given: Target | readonly Target[], cwd: string): Promise<string[]> {
  const tokens = (Array.isArray(given) ? given : [given]).map(String);
  if (!tokens.some((token) => token.includes('/') || token.includes('.'))) return tokens;
  const records = await client.request('list', {});
  return tokens.map((token) => {
    if (records.some((record) => record.name === token)) return token;
    const path = resolve(cwd, token);
    return records.some((record) => record.pm2_env.pm_exec_path === path) ? path : token;
  });
}
