// The process table of `tend ls` (PM2's columns), and the minimal list used when piped.
import type { ProcessRecord } from '../../protocol/messages.js';
import { colorStatus, formatBytes, formatDuration, paint, useColor } from './format.js';
import { printLine } from './output.js';
import { renderBoxTable } from './box-table.js';

export function renderProcessTable(records: readonly ProcessRecord[], now: number): string {
  const head = ['id', 'name', 'namespace', 'mode', 'pid', 'uptime', '↺', 'status', 'cpu', 'mem', 'user', 'watching'];
  const rows = records.map((record) => {
    const env = record.pm2_env;
    const online = env.status === 'online';
    return [
      String(record.pm_id),
      paint.bold(record.name),
      env.namespace,
      env.exec_mode === 'cluster_mode' ? 'cluster' : 'fork',
      online ? String(record.pid) : '0',
      online ? formatDuration(now - env.pm_uptime) : '0',
      String(env.restart_time),
      colorStatus(env.status),
      `${record.monit.cpu}%`,
      formatBytes(record.monit.memory),
      env.username,
      env.watch === true ? paint.green('enabled') : 'disabled',
    ];
  });
  return renderBoxTable(head, rows, { color: useColor() });
}

/** Above this many rows `tend ls` prints a summary; `ls --all` (or `jlist`) shows every row. */
export const tableRowLimit = 200;

export interface TableOptions {
  /** Every row, however many. */
  all?: boolean;
  /** What to print when there are no rows (nothing when null: a verb whose apps are gone). */
  empty?: string | null;
}

/** One line for a table too long to read: how many processes in each status, and how to see them all. */
export function renderProcessSummary(records: readonly ProcessRecord[]): string {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.pm2_env.status, (counts.get(record.pm2_env.status) ?? 0) + 1);
  const apps = new Set(records.map((record) => record.name)).size;
  const statuses = [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([status, count]) => `${count} ${colorStatus(status)}`)
    .join(', ');
  return `${apps} apps, ${records.length} processes: ${statuses}\n(more than ${tableRowLimit} rows: \`tend ls --all\` prints every row, \`tend jlist\` the JSON, \`tend describe <app>\` one app)`;
}

export function printProcessTable(records: readonly ProcessRecord[], options: TableOptions = {}): void {
  if (records.length === 0) {
    const empty = options.empty === undefined ? 'No apps. Start one with `tend start app.js` or `tend apply ecosystem.config.js`.' : options.empty;
    if (empty !== null) printLine(empty);
    return;
  }
  printLine(records.length > tableRowLimit && options.all !== true ? renderProcessSummary(records) : renderProcessTable(records, Date.now()));
}
