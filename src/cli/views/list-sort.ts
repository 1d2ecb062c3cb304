// `tend ls --sort <field>[:asc|desc]`: PM2's sort fields (name, namespace, id, pid, cpu, memory,
// uptime, status) plus `restarts`. Unlike PM2, an unknown field or order is an error, not a silent
// sort by name.
import { TendError } from '../../errors/index.js';
import type { ProcessRecord } from '../../protocol/messages.js';

type Key = (record: ProcessRecord, now: number) => string | number;

const online = (record: ProcessRecord): boolean => record.pm2_env.status === 'online';

const keys: Record<string, Key> = {
  name: (record) => record.name,
  namespace: (record) => record.pm2_env.namespace,
  id: (record) => record.pm_id,
  pid: (record) => record.pid,
  cpu: (record) => record.monit.cpu,
  memory: (record) => record.monit.memory,
  // How long it has been up, as the column shows (0 when not online).
  uptime: (record, now) => (online(record) ? now - record.pm2_env.pm_uptime : 0),
  status: (record) => record.pm2_env.status,
  restarts: (record) => record.pm2_env.restart_time,
};

const aliases: Record<string, string> = { mem: 'memory', pm_id: 'id', restart: 'restarts', '↺': 'restarts' };

export const sortFields = Object.keys(keys);

export interface ListSort {
  field: string;
  descending: boolean;
}

export function parseListSort(value: string): ListSort {
  const [rawField = '', order = 'asc', ...rest] = value.split(':');
  const lower = rawField.toLowerCase();
  const field = aliases[lower] ?? lower;
  if (!(field in keys))
    throw new TendError('E_USAGE', `ls --sort: no field '${rawField}'`, { hint: `sort by one of ${sortFields.join(', ')}, optionally :asc or :desc` });
  if (rest.length > 0 || (order !== 'asc' && order !== 'desc')) throw new TendError('E_USAGE', `ls --sort: '${value}' is not <field>[:asc|desc]`);
  return { field, descending: order === 'desc' };
}

/** A sorted copy; ties keep the id order. */
export function sortRecords(records: readonly ProcessRecord[], sort: ListSort, now: number): ProcessRecord[] {
  const key = keys[sort.field];
  if (key === undefined) return [...records];
  const direction = sort.descending ? -1 : 1;
  return [...records].sort((a, b) => {
    const left = key(a, now);
    const right = key(b, now);
    const order = typeof left === 'number' && typeof right === 'number' ? left - right : String(left).localeCompare(String(right));
    return order === 0 ? a.pm_id - b.pm_id : order * direction;
  });
}
