// `tend import pm2`: what a PM2 user already has — the process list `pm2 save` wrote to
// PM2_HOME/dump.pm2 — turned into ecosystem apps (PM2's own field names, so the same catalog
// validates them). The dump has one entry per instance, the app fields spread over each entry, and
// an `env` that holds the whole shell of whoever started the app.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { TendError } from '../errors/index.js';

export type DumpEntry = Record<string, unknown>;
export type RawApp = Record<string, unknown>;

/** PM2's home as PM2 finds it: PM2_HOME, else ~/.pm2. */
export function pm2Home(given: string | undefined, env: NodeJS.ProcessEnv): string {
  return given ?? env.PM2_HOME ?? join(env.HOME ?? homedir(), '.pm2');
}

export function readDump(home: string): DumpEntry[] {
  const file = join(home, 'dump.pm2');
  // PM2 keeps the previous dump as .bak and falls back to it too.
  const found = [file, `${file}.bak`].find((candidate) => existsSync(candidate));
  if (found === undefined)
    throw new TendError('E_FILE_NOT_FOUND', `no PM2 dump in ${home}`, { hint: 'Run `pm2 save` first, or give the PM2 home with --pm2-home (or PM2_HOME).' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(found, 'utf8'));
  } catch (error) {
    throw new TendError('E_FILE_PARSE', `${found}: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((entry) => typeof entry === 'object' && entry !== null)) {
    throw new TendError('E_FILE_PARSE', `${found} is not a PM2 process list`);
  }
  return parsed as DumpEntry[];
}

/** Fields copied as they are: PM2 and tend share the name and the meaning. */
const sameFields = [
  'namespace',
  'args',
  'instance_var',
  'increment_var',
  'filter_env',
  'port',
  'max_memory_restart',
  'cron_restart',
  'autostart',
  'autorestart',
  'max_restarts',
  'min_uptime',
  'restart_delay',
  'exp_backoff_restart_delay',
  'stop_exit_codes',
  'kill_timeout',
  'listen_timeout',
  'wait_ready',
  'shutdown_with_message',
  'treekill',
  'watch',
  'ignore_watch',
  'watch_delay',
  'merge_logs',
  'log_date_format',
  'log_type',
  'disable_logs',
  'source_map_support',
  'uid',
  'gid',
] as const;

/** Env keys PM2 adds to every app; tend sets its own equivalents. */
const pm2EnvKeys = new Set([
  'PM2_HOME',
  'PM2_USAGE',
  'PM2_INTERACTOR_PROCESSING',
  'PM2_JSON_PROCESSING',
  'PM2_PROGRAMMATIC',
  'unique_id',
  'pm_id',
  'name',
  'NODE_APP_INSTANCE',
  'axm_actions',
  'axm_monitor',
  'axm_options',
  'axm_dynamic',
]);
/** Shell bookkeeping that changes from one prompt to the next. */
const shellKeys = new Set(['_', 'OLDPWD', 'PWD', 'SHLVL']);

/**
 * The app's own env: what differs from the importing shell. The rest came from the shell that ran
 * `pm2 start` and reaches the app under tend as well (tend lays app env over the caller's).
 */
function ownEnv(entry: DumpEntry, shell: NodeJS.ProcessEnv): Record<string, string> | undefined {
  const env = entry.env;
  if (typeof env !== 'object' || env === null) return undefined;
  const own: Record<string, string> = {};
  for (const [key, value] of Object.entries(env as Record<string, unknown>)) {
    if (pm2EnvKeys.has(key) || shellKeys.has(key) || key === entry.name || key === entry.instance_var) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    const text = String(value);
    if (shell[key] !== text) own[key] = text;
  }
  return Object.keys(own).length > 0 ? own : undefined;
}

/**
 * A log path as the ecosystem file would give it: unset when it is PM2's default place, and
 * without the `-<pm_id>` PM2 added per instance (tend adds its own the same way).
 */
function logPath(entry: DumpEntry, field: string, home: string, defaultSuffix: string): string | undefined {
  const path = entry[field];
  if (typeof path !== 'string') return undefined;
  if (path === '/dev/null') return path;
  // The dump does not keep pm_id: any `-<n>` PM2 put before `.log` goes.
  const shared = entry.merge_logs === true ? path : path.replace(/-\d+(\.log)?$/, '$1');
  const name = typeof entry.name === 'string' ? entry.name.replace(/[^A-Za-z0-9.-]/g, '-') : '';
  if (dirname(shared) === join(home, 'logs') && basename(shared) === `${name}${defaultSuffix}`) return undefined;
  return shared;
}

function interpreterOf(entry: DumpEntry): string | undefined {
  const interpreter = entry.exec_interpreter;
  // `node` is what tend picks for JavaScript anyway; `none` runs a binary as it is.
  if (typeof interpreter !== 'string' || interpreter === 'node') return undefined;
  return interpreter;
}

/** One app of an ecosystem file per name, its instances counted from the dump's entries. */
export function appsFromDump(entries: readonly DumpEntry[], home: string, shell: NodeJS.ProcessEnv): RawApp[] {
  const apps = new Map<string, { first: DumpEntry; instances: number }>();
  for (const entry of entries) {
    if (typeof entry.name !== 'string' || typeof entry.pm_exec_path !== 'string') continue;
    // PM2 modules (pm2-logrotate …) live in the dump too; tend has their features built in.
    if (entry.pmx_module === true) continue;
    const known = apps.get(entry.name);
    if (known) known.instances += 1;
    else apps.set(entry.name, { first: entry, instances: 1 });
  }
  return [...apps.values()].map(({ first, instances }) => {
    const app: RawApp = { name: first.name, script: first.pm_exec_path };
    if (typeof first.pm_cwd === 'string') app.cwd = first.pm_cwd;
    const interpreter = interpreterOf(first);
    if (interpreter !== undefined) app.interpreter = interpreter;
    if (Array.isArray(first.node_args) && first.node_args.length > 0) app.interpreter_args = first.node_args;
    app.instances = instances;
    app.exec_mode = first.exec_mode === 'cluster_mode' ? 'cluster' : 'fork';
    for (const field of sameFields) {
      const value = first[field];
      if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0 && field !== 'args')) app[field] = value;
    }
    const env = ownEnv(first, shell);
    if (env !== undefined) app.env = env;
    const out = logPath(first, 'pm_out_log_path', home, '-out.log');
    const err = logPath(first, 'pm_err_log_path', home, '-error.log');
    const combined = logPath(first, 'pm_log_path', home, '.log');
    if (out !== undefined) app.out_file = out;
    if (err !== undefined) app.error_file = err;
    if (combined !== undefined) app.log_file = combined;
    return app;
  });
}

/** Writes the apps as an ecosystem file; an existing file is kept unless `force`. */
export function writeEcosystem(file: string, apps: readonly RawApp[], yamlText: (value: unknown) => string, force: boolean): void {
  try {
    writeFileSync(file, ecosystemText(file, apps, yamlText), { flag: force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new TendError('E_USAGE', `${file} exists`, { hint: 'Give another file, or add --force to replace it.' });
    throw error;
  }
}

/** An ecosystem file with these apps, in the form its extension says (.json, .yaml/.yml, else JS). */
function ecosystemText(file: string, apps: readonly RawApp[], yamlText: (value: unknown) => string): string {
  const header = `Imported from PM2 by \`tend import pm2\``;
  if (/\.json$/i.test(file)) return `${JSON.stringify({ apps }, null, 2)}\n`;
  if (/\.ya?ml$/i.test(file)) return `# ${header}.\n${yamlText({ apps })}`;
  return `// ${header}.\nmodule.exports = ${JSON.stringify({ apps }, null, 2)};\n`;
}
