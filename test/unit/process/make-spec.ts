// A normalized AppSpec with the catalog's defaults, pointing at a fixture app (supervisor tests).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppSpec } from '../../../src/spec/types.js';

export const fixtures = fileURLToPath(new URL('../../../../test/fixtures/apps/', import.meta.url));

export function fixture(name: string): string {
  return join(fixtures, name);
}

/** A normalized spec with the catalog's defaults, for a fixture app. */
export function makeSpec(name: string, script: string, overrides: Partial<AppSpec> = {}): AppSpec {
  return {
    name,
    instances: 1,
    script: fixture(script),
    args: [],
    cwd: fixtures,
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
    merge_logs: false,
    log_date_format: null,
    log_type: 'raw',
    disable_logs: false,
    log_max_size: null,
    log_retain: 5,
    log_compress: false,
    pid_file: null,
    ...overrides,
  };
}

