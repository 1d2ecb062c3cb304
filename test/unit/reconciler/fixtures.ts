// Builders for planner tests: a complete normalized AppSpec with plain defaults, and owned/live records.
import type { AppSpec, OwnedSpec } from '../../../src/spec/types.js';
import type { LiveApp } from '../../../src/reconciler/types.js';

export const FILE = '/srv/app/ecosystem.config.js';

export function makeSpec(overrides: Partial<AppSpec> & { name: string }): AppSpec {
  const { name, ...rest } = overrides;
  return {
    name,
    instances: 1,
    script: `/srv/app/${name}.js`,
    args: [],
    cwd: '/srv/app',
    interpreter: 'node',
    interpreter_args: [],
    env: {},
    filter_env: false,
    port: null,
    instance_var: 'NODE_APP_INSTANCE',
    increment_var: null,
    uid: null,
    gid: null,
    source_map_support: false,
    revision: null,
    exec_mode: 'fork',
    namespace: 'default',
    autostart: true,
    autorestart: true,
    max_restarts: 16,
    min_uptime: 1000,
    restart_delay: 0,
    exp_backoff_restart_delay: 0,
    stop_exit_codes: [],
    max_memory_restart: null,
    cron_restart: null,
    kill_timeout: 1600,
    kill_signal: 'SIGINT',
    listen_timeout: 3000,
    wait_ready: false,
    shutdown_with_message: false,
    treekill: true,
    watch: false,
    ignore_watch: [],
    watch_delay: 0,
    watch_options: null,
    out_file: null,
    error_file: null,
    log_file: false,
    merge_logs: true,
    log_date_format: null,
    log_type: 'raw',
    disable_logs: false,
    log_max_size: null,
    log_retain: 5,
    log_compress: false,
    pid_file: null,
    ...rest,
  };
}

export function owned(spec: AppSpec, source = FILE): OwnedSpec {
  return { spec, source };
}

/** Every instance of each spec running. */
export function allRunning(specs: readonly AppSpec[]): LiveApp[] {
  return specs.map((spec) => liveApp(spec.name, spec.instances, spec.instances));
}

export function liveApp(name: string, running: number, total = running): LiveApp {
  return { name, running, total, status: `${running} online` };
}

/** A value of the same kind as `value` that differs from it (for "change this field" tables). */
export function changedValue(value: unknown): unknown {
  if (typeof value === 'string') return `${value}-changed`;
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  if (value === null) return 7;
  if (Array.isArray(value)) return [...(value as unknown[]), 'changed'];
  return { ...(value as Record<string, unknown>), CHANGED: 'yes' };
}
