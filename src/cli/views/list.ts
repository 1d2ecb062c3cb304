// The process table of `tend ls` (PM2's columns), and the minimal list used when piped.
import Table from 'cli-table3';
import type { ProcessRecord } from '../../protocol/messages.js';
import { colorStatus, formatBytes, formatDuration, paint, useColor } from './format.js';
import { printLine } from './output.js';

export function renderProcessTable(records: readonly ProcessRecord[], now: number): string {
  const table = new Table({
    head: ['id', 'name', 'namespace', 'mode', 'pid', 'uptime', '↺', 'status', 'cpu', 'mem', 'user', 'watching'],
    style: { head: useColor() ? ['cyan', 'bold'] : [], border: useColor() ? ['grey'] : [] },
  });
  for (const record of records) {
    const env = record.pm2_env;
    const online = env.status === 'online';
    table.push([
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
    ]);
  }
  return table.toString();
}

export function printProcessTable(records: readonly ProcessRecord[]): void {
  if (records.length === 0) {
    printLine('No apps. Start one with `tend start app.js` or `tend apply ecosystem.config.js`.');
    return;
  }
  printLine(renderProcessTable(records, Date.now()));
}
