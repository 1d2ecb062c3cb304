// One parsed app → AppSpec: defaults, derived fields (name, interpreter, exec_mode, merge_logs), paths
// made absolute against cwd, symlinks resolved, env overlay and `port` applied, git revision read.
import { serveScriptPath } from './builtin-scripts.js';
import { basename, extname, isAbsolute, resolve } from 'node:path';
import { Derived, inputFields, specFields } from './catalog.js';
import type { FsLookups } from './fs-lookups.js';
import type { ProblemList, PathSegment } from './problems.js';
import type { AppSpec } from './types.js';
import type { EnvDefaults } from './env-defaults.js';

export interface ParsedApp {
  /** Parsed values by canonical field name (spec and input fields). */
  values: Record<string, unknown>;
  /** `env_<name>` overlays by name. */
  overlays: Record<string, Record<string, string>>;
}

interface ResolveOptions {
  baseDir: string;
  env?: string;
  /** Replace catalog defaults (PM2_KILL_TIMEOUT …: env-defaults.ts). */
  defaults?: EnvDefaults;
  /** `deploy.<env>.env` of the file: the lowest layer of `--env <env>`, as in PM2. */
  deployEnv?: Record<string, string>;
  /** Shared by every app of one run. */
  lookups: FsLookups;
}

const interpreterByExtension: Readonly<Record<string, string>> = {
  '.js': 'node',
  '.cjs': 'node',
  '.mjs': 'node',
  '.ts': 'node',
  '.mts': 'node',
  '.cts': 'node',
  '.py': 'python3',
  '.sh': 'bash',
  '.rb': 'ruby',
  '.php': 'php',
  '.pl': 'perl',
  '.coffee': 'coffee',
};

const typeScriptExtensions = new Set(['.ts', '.mts', '.cts']);

export const timeFormat = 'YYYY-MM-DDTHH:mm:ss';

/** A script is a path (checked to exist) when it has no spaces and has a slash or a file extension. */
function looksLikePath(script: string): boolean {
  return !/\s/.test(script) && (script.includes('/') || /\.[A-Za-z][A-Za-z0-9]*$/.test(script));
}

function isNodeInterpreter(interpreter: string): boolean {
  return basename(interpreter) === 'node';
}

/** The catalog's defaults, looked up once: a file of thousands of apps picks each of them per app. */
const catalogDefaults = new Map<string, unknown>(
  Object.entries(specFields).flatMap(([key, field]) => (field.default instanceof Derived ? [] : [[key, field.default] as const])),
);

function defaultOf<K extends keyof AppSpec>(key: K): AppSpec[K] {
  if (!catalogDefaults.has(key)) throw new Error(`${key} has a derived default`);
  const value = catalogDefaults.get(key) as AppSpec[K];
  // A copy: specs must never share a default array or object.
  return typeof value === 'object' && value !== null ? copyData(value) : value;
}

/** A deep copy of JSON-like data (a default: arrays, plain objects, primitives), cheaper than structuredClone. */
function copyData<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyData) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyData(item)])) as T;
}

/** The value given for a field, or its catalog default. */
function pick<K extends keyof AppSpec>(values: Record<string, unknown>, key: K): AppSpec[K] {
  return key in values ? (values[key] as AppSpec[K]) : defaultOf(key);
}

function flag(values: Record<string, unknown>, key: keyof typeof inputFields): boolean {
  return values[key] === true;
}

/** Log and pid paths: relative to cwd; `NULL` and `/dev/null` disable. */
function logPath(value: string | null, cwd: string): string | null {
  if (value === null) return null;
  if (value === 'NULL' || value === '/dev/null') return '/dev/null';
  return resolve(cwd, value);
}

function resolveCwd(values: Record<string, unknown>, path: readonly PathSegment[], options: ResolveOptions, problems: ProblemList): string {
  const cwd = resolve(options.baseDir, typeof values.cwd === 'string' ? values.cwd : '.');
  const real = options.lookups.directory(cwd);
  if (real !== undefined) return real;
  problems.error([...path, 'cwd'], `cwd ${cwd} is not a directory`, 'create it, or fix the path (relative to the ecosystem file)', { value: values.cwd });
  return cwd;
}

function resolveScript(script: string, cwd: string, path: readonly PathSegment[], options: ResolveOptions, problems: ProblemList): string {
  const candidate = resolve(cwd, script);
  if (!/\s/.test(script) || isAbsolute(script)) {
    const real = options.lookups.file(candidate);
    if (real !== undefined) return real;
  }
  if (looksLikePath(script)) {
    problems.error([...path, 'script'], `script ${candidate} does not exist`, 'fix the path: it is relative to the app cwd', { value: script });
    return candidate;
  }
  // A bare word is a command on PATH; a string with spaces is a shell command line.
  return script;
}

/** Default name: the script file name without extension (the first word of a command line). */
function defaultName(script: string): string {
  const first = script.trim().split(/\s+/)[0] ?? script;
  const file = basename(first);
  return file.slice(0, file.length - extname(file).length) || file;
}

function resolveInterpreter(
  values: Record<string, unknown>,
  script: string,
  cwd: string,
  path: readonly PathSegment[],
  options: ResolveOptions,
  problems: ProblemList,
): { interpreter: string; loaderArgs: string[] } {
  const given = values.interpreter;
  if (typeof given === 'string') {
    return { interpreter: given.includes('/') ? resolve(cwd, given) : given, loaderArgs: [] };
  }
  // A resolved file path may contain spaces; only a string that is not a file is a shell command line.
  const extension = /\s/.test(script) && !options.lookups.exists(script) ? '' : extname(script).toLowerCase();
  const interpreter = interpreterByExtension[extension] ?? 'none';
  if (!typeScriptExtensions.has(extension)) return { interpreter, loaderArgs: [] };
  const interpreterArgs = (values.interpreter_args as string[] | undefined) ?? [];
  if (interpreterArgs.includes('tsx')) return { interpreter, loaderArgs: [] };
  if (options.lookups.tsxResolvable(cwd)) return { interpreter, loaderArgs: ['--import', 'tsx'] };
  problems.error(
    [...path, 'script'],
    `${basename(script)} is TypeScript and no TypeScript loader was found`,
    `run \`npm install tsx\` in ${cwd}, or set interpreter (e.g. "bun", or "tsx" if installed globally)`,
    {
      value: script,
      code: 'E_INTERPRETER_MISSING',
    },
  );
  return { interpreter, loaderArgs: [] };
}

function resolveEnv(values: Record<string, unknown>, overlays: ParsedApp['overlays'], options: ResolveOptions, port: number | null): Record<string, string> {
  const merged: Record<string, string> = { ...options.deployEnv, ...pick(values, 'env'), ...(options.env === undefined ? {} : overlays[options.env]) };
  if (port !== null) merged.PORT = String(port);
  return Object.fromEntries(
    Object.keys(merged)
      .sort()
      .map((key) => [key, merged[key] ?? '']),
  );
}

function resolveName(values: Record<string, unknown>, script: string, options: ResolveOptions): string {
  let name = typeof values.name === 'string' ? values.name : defaultName(script);
  const prefix = values.name_prefix;
  if (typeof prefix === 'string') name = `${prefix}:${name}`;
  if (flag(values, 'append_env_to_name') && options.env !== undefined) name = `${name}-${options.env}`;
  return name;
}

function resolveExecMode(values: Record<string, unknown>, interpreter: string, path: readonly PathSegment[], problems: ProblemList): AppSpec['exec_mode'] {
  if (flag(values, 'execute_command')) return 'fork';
  const given = values.exec_mode as AppSpec['exec_mode'] | undefined;
  if (given === 'cluster' && !isNodeInterpreter(interpreter)) {
    problems.error(
      [...path, 'exec_mode'],
      `cluster mode runs Node.js scripts only (interpreter is ${interpreter})`,
      'use exec_mode: fork for other programs; instances still applies',
      { value: given },
    );
  }
  if (given !== undefined) return given;
  return 'instances' in values && isNodeInterpreter(interpreter) ? 'cluster' : 'fork';
}

/** Builds the AppSpec of one parsed app; undefined when it has no script to build from. */
export function resolveApp(parsed: ParsedApp, path: readonly PathSegment[], options: ResolveOptions, problems: ProblemList): AppSpec | undefined {
  const { overlays } = parsed;
  const values: Record<string, unknown> = { ...options.defaults, ...parsed.values };
  if (typeof values.script !== 'string') {
    if (!('script' in values)) problems.error([...path], 'script is missing', 'every app needs `script`: a file, a command on PATH, or a shell command line');
    return undefined;
  }
  const cwd = resolveCwd(values, path, options, problems);
  // `script: serve` is the built-in static file server (PM2's form), run as an ordinary managed app.
  const script = values.script === 'serve' ? serveScriptPath : resolveScript(values.script, cwd, path, options, problems);
  const { interpreter, loaderArgs } = resolveInterpreter(values, script, cwd, path, options, problems);
  const exec_mode = resolveExecMode(values, interpreter, path, problems);
  const instances = pick(values, 'instances');
  const port = pick(values, 'port');
  const watch = pick(values, 'watch');
  const time = flag(values, 'time');
  const name = resolveName(values, script, options);
  // A name given as is was checked with the other values; a derived or prefixed one is checked here.
  const nameCheck = values.name === name ? undefined : specFields.name.parser.parse(name, { cpus: 1 });
  if (nameCheck !== undefined && !nameCheck.ok) {
    problems.error([...path, 'name'], `the app name ${name} (derived from the script) ${nameCheck.message}`, 'set `name` explicitly', { value: name });
  }
  const out_file = logPath(pick(values, 'out_file'), cwd);
  return {
    name,
    instances,
    script,
    args: pick(values, 'args'),
    cwd,
    interpreter,
    interpreter_args: [...loaderArgs, ...pick(values, 'interpreter_args')],
    env: resolveEnv(values, overlays, options, port),
    filter_env: pick(values, 'filter_env'),
    port,
    instance_var: pick(values, 'instance_var'),
    increment_var: pick(values, 'increment_var'),
    uid: pick(values, 'uid'),
    gid: pick(values, 'gid'),
    source_map_support: flag(values, 'disable_source_map_support') ? false : pick(values, 'source_map_support'),
    revision: options.lookups.revision(cwd),
    exec_mode,
    namespace: pick(values, 'namespace'),
    autostart: pick(values, 'autostart'),
    autorestart: pick(values, 'autorestart'),
    max_restarts: pick(values, 'max_restarts'),
    min_uptime: pick(values, 'min_uptime'),
    restart_delay: pick(values, 'restart_delay'),
    exp_backoff_restart_delay: pick(values, 'exp_backoff_restart_delay'),
    stop_exit_codes: pick(values, 'stop_exit_codes'),
    max_memory_restart: pick(values, 'max_memory_restart'),
    cron_restart: pick(values, 'cron_restart'),
    kill_timeout: pick(values, 'kill_timeout'),
    kill_signal: pick(values, 'kill_signal'),
    listen_timeout: pick(values, 'listen_timeout'),
    wait_ready: pick(values, 'wait_ready'),
    health: pick(values, 'health'),
    code_paths: pick(values, 'code_paths'),
    shutdown_with_message: pick(values, 'shutdown_with_message'),
    treekill: pick(values, 'treekill'),
    watch: watch === false ? false : watch.length === 0 ? [cwd] : watch.map((entry) => resolve(cwd, entry)),
    ignore_watch: pick(values, 'ignore_watch'),
    watch_delay: pick(values, 'watch_delay'),
    watch_options: pick(values, 'watch_options'),
    out_file,
    error_file: logPath(pick(values, 'error_file'), cwd),
    log_file: typeof values.log_file === 'string' ? (logPath(values.log_file, cwd) ?? false) : pick(values, 'log_file'),
    merge_logs: 'merge_logs' in values ? (values.merge_logs as boolean) : exec_mode === 'fork' && instances === 1,
    log_date_format: 'log_date_format' in values ? pick(values, 'log_date_format') : time ? timeFormat : null,
    log_type: pick(values, 'log_type'),
    disable_logs: pick(values, 'disable_logs'),
    log_max_size: pick(values, 'log_max_size'),
    log_retain: pick(values, 'log_retain'),
    log_compress: pick(values, 'log_compress'),
    pid_file: logPath(pick(values, 'pid_file'), cwd),
  };
}
