// `tend show`: a details table per process, env values with secret-looking keys hidden (and the
// credentials of the checkout's remote URL).
import Table from 'cli-table3';
import type { ProcessRecord } from '../../protocol/messages.js';
import { hideUrlCredentials, redactEnv } from '../../ecosystem/redact.js';
import { colorStatus, formatBytes, formatDuration, paint } from './format.js';
import { printLine } from './output.js';
import type { Versioning } from '../../adapters/git/versioning.js';

/** PM2's "Revision control metadata" table. */
function printVersioning(versioning: Versioning): void {
  const table = new Table({ style: { head: [], border: [] } });
  const rows: Array<[string, string]> = [
    ['revision control', 'git'],
    ['remote url', versioning.remote === null ? 'n/a' : hideUrlCredentials(versioning.remote)],
    ['repository root', versioning.root],
    ['last update', versioning.updated],
    ['revision', versioning.revision],
    ['comment', versioning.comment],
    ['branch', versioning.branch ?? 'n/a (detached HEAD)'],
    ['unstaged changes', versioning.unstaged ? 'yes' : 'no'],
  ];
  for (const [key, value] of rows) table.push({ [key]: value });
  printLine(paint.bold('Revision control metadata'));
  printLine(table.toString());
}

export function printDescription(record: ProcessRecord, versioning: Versioning | null = null): void {
  const env = record.pm2_env;
  const online = env.status === 'online';
  const rows: Array<[string, string]> = [
    ['status', colorStatus(env.status)],
    ['name', record.name],
    ['namespace', env.namespace],
    ['id', String(record.pm_id)],
    ['pid', online ? String(record.pid) : 'n/a'],
    ['source', env.source],
    ['revision', env.revision ?? 'n/a'],
    ['exec mode', env.exec_mode],
    ['instances', String(env.instances)],
    ['restarts', String(env.restart_time)],
    ['unstable restarts', String(env.unstable_restarts)],
    ['uptime', online ? formatDuration(Date.now() - env.pm_uptime) : '0'],
    ['created at', env.created_at ? new Date(env.created_at).toISOString() : 'n/a'],
    ['last exit', env.exit_code === null ? (env.exit_signal ?? 'n/a') : String(env.exit_code)],
    ['script path', String(env.pm_exec_path)],
    ['script args', JSON.stringify(env.args)],
    ['interpreter', String(env.exec_interpreter)],
    ['interpreter args', JSON.stringify(env.node_args)],
    ['exec cwd', String(env.pm_cwd)],
    ['out log path', String(env.pm_out_log_path)],
    ['error log path', String(env.pm_err_log_path)],
    ['watch', String(env.watch)],
    ['cpu', `${record.monit.cpu}%`],
    ['memory', formatBytes(record.monit.memory)],
  ];
  const table = new Table({ style: { head: [], border: [] } });
  for (const [key, value] of rows) table.push({ [key]: value });
  printLine(paint.bold(`Describing process with id ${record.pm_id} - name ${record.name}`));
  printLine(table.toString());
  if (versioning !== null) printVersioning(versioning);
  // Only what differs from the caller's own environment, as PM2 shows it.
  const own = Object.fromEntries(Object.entries(env.env).filter(([key, value]) => process.env[key] !== value));
  const shown = redactEnv(own);
  const keys = Object.keys(shown).sort();
  if (keys.length > 0) {
    const envTable = new Table({ head: ['env', 'value'], style: { head: [], border: [] } });
    for (const key of keys) envTable.push([key, String(shown[key])]);
    printLine(envTable.toString());
  }
}
