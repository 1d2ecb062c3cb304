// Builds PM2's jlist element shape from an instance, so tools that parse `pm2 jlist` keep working.
import { userInfo } from 'node:os';
import type { ProcessRecord } from '../protocol/messages.js';
import type { InstanceInfo } from './process/types.js';

/** The daemon's user: every app runs as it unless uid is set. */
const username = userInfo().username;

export interface Usage {
  cpu: number;
  memory: number;
}

export function processRecord(instance: InstanceInfo, source: string, usage: Usage | undefined): ProcessRecord {
  const { spec } = instance;
  const running = instance.status === 'online' || instance.status === 'launching' || instance.status === 'stopping';
  return {
    pid: running && instance.pid !== null ? instance.pid : 0,
    name: instance.name,
    pm_id: instance.pm_id,
    pm2_env: {
      name: instance.name,
      pm_id: instance.pm_id,
      status: instance.status,
      restart_time: instance.restart_time,
      unstable_restarts: instance.unstable_restarts,
      prev_restart_delay: instance.prev_restart_delay,
      pm_uptime: instance.pm_uptime,
      created_at: instance.created_at,
      exit_code: instance.exit_code,
      exit_signal: instance.exit_signal,
      namespace: spec.namespace,
      exec_mode: spec.exec_mode === 'cluster' ? 'cluster_mode' : 'fork_mode',
      instances: spec.instances,
      [spec.instance_var]: instance.index,
      instance_var: spec.instance_var,
      env: instance.env,
      pm_exec_path: spec.script,
      pm_cwd: spec.cwd,
      pm_out_log_path: instance.logs.out ?? '/dev/null',
      pm_err_log_path: instance.logs.err ?? '/dev/null',
      // PM2 has the combined log's path only when one was asked for (scripts grep for it).
      ...(instance.logs.combined === null ? {} : { pm_log_path: instance.logs.combined }),
      pm_pid_path: spec.pid_file,
      exec_interpreter: spec.interpreter,
      node_args: spec.interpreter_args,
      args: spec.args,
      watch: spec.watch !== false,
      ignore_watch: spec.ignore_watch,
      autorestart: spec.autorestart,
      autostart: spec.autostart,
      max_restarts: spec.max_restarts,
      min_uptime: spec.min_uptime,
      kill_timeout: spec.kill_timeout,
      listen_timeout: spec.listen_timeout,
      shutdown_with_message: spec.shutdown_with_message,
      max_memory_restart: spec.max_memory_restart,
      cron_restart: spec.cron_restart,
      merge_logs: spec.merge_logs,
      treekill: spec.treekill,
      vizion: false,
      versioning: spec.revision === null ? null : { type: 'git', revision: spec.revision },
      revision: spec.revision,
      source,
      username,
      node_version: process.versions.node,
      unique_id: `${instance.name}-${instance.pm_id}`,
    },
    monit: { cpu: usage?.cpu ?? 0, memory: usage?.memory ?? 0 },
  };
}
