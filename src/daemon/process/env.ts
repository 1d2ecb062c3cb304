// The environment an app process starts with: the caller's environment (filtered by filter_env), the
// app's own env over it, the app's settings (`tend set app.key value`) over that, then the fields tend
// injects as PM2 does. Injected fields come last, so an app env can never overwrite the process
// record's own fields (PM2 lets it: Unitech/pm2#5747).
import type { AppSpec } from '../../ecosystem/types.js';
import type { LogPaths } from '../logs/types.js';
import { isPythonInterpreter } from './command.js';

export interface EnvInput {
  spec: AppSpec;
  baseEnv: Readonly<Record<string, string>>;
  pm_id: number;
  index: number;
  home: string;
  logs: LogPaths;
  /** Login of the uid user, when the app runs as another user. */
  user?: { name: string; home: string } | undefined;
  /** Settings named after the app (`tend set <app>.<key> <value>`), over its env. */
  settings?: Readonly<Record<string, string>>;
}

/** Node's own IPC/cluster plumbing: meaningful only to the process that set them. */
const channelKeys = new Set(['NODE_CHANNEL_FD', 'NODE_CHANNEL_SERIALIZATION_MODE', 'NODE_UNIQUE_ID']);

function inherited(baseEnv: Readonly<Record<string, string>>, filter: AppSpec['filter_env']): Record<string, string> {
  const env: Record<string, string> = {};
  if (filter === true) return env;
  for (const [key, value] of Object.entries(baseEnv)) {
    if (channelKeys.has(key)) continue;
    if (Array.isArray(filter) && filter.some((part) => key.includes(part))) continue;
    env[key] = value;
  }
  return env;
}

export function buildEnv(input: EnvInput): Record<string, string> {
  const { spec, index } = input;
  const env = inherited(input.baseEnv, spec.filter_env);
  if (input.user) Object.assign(env, { HOME: input.user.home, USER: input.user.name, LOGNAME: input.user.name });
  Object.assign(env, spec.env, input.settings);
  const injected: Record<string, string> = {
    pm_id: String(input.pm_id),
    name: spec.name,
    namespace: spec.namespace,
    exec_mode: spec.exec_mode === 'cluster' ? 'cluster_mode' : 'fork_mode',
    instances: String(spec.instances),
    [spec.instance_var]: String(index),
    TEND_HOME: input.home,
    pm_exec_path: spec.script,
    pm_cwd: spec.cwd,
    pm_out_log_path: input.logs.out ?? '/dev/null',
    pm_err_log_path: input.logs.err ?? '/dev/null',
  };
  if (spec.increment_var !== null) {
    const base = Number.parseInt(env[spec.increment_var] ?? '0', 10);
    injected[spec.increment_var] = String((Number.isNaN(base) ? 0 : base) + index);
  }
  if (isPythonInterpreter(spec.interpreter)) injected.PYTHONUNBUFFERED = '1';
  return { ...env, ...injected };
}
