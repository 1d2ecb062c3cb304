// The field catalog: every ecosystem option declared once — canonical name, aliases (PM2's and camelCase),
// CLI flags, parser, default, doc line and action class. Validation, normalization, CLI flags, the JSON
// schema, docs/ecosystem.md and the planner all read this table.
import type { ActionClass, AppSpec } from './types.js';
import * as p from './parsers.js';
import type { Parser } from './parsers.js';

/** A default computed from other fields during normalization; `doc` says how (docs and schema). */
export class Derived {
  constructor(readonly doc: string) {}
}

interface FieldBase {
  /** Canonical snake_case name. */
  readonly name: string;
  /** Other accepted spellings: PM2's aliases and every camelCase form. */
  readonly aliases: readonly string[];
  /** commander flag declarations, e.g. '-i, --instances <n>'. */
  readonly cli: readonly string[];
  readonly doc: string;
}

/**
 * Environment variables that replace a field's catalog default for the apps a command loads (PM2 reads
 * PM2_KILL_TIMEOUT and the like in its daemon). The first one set and non-empty wins; its text goes
 * through `fromText` (when the parser wants another type) and then the field's parser; a value the
 * parser refuses is ignored.
 */
export interface EnvDefault {
  readonly variables: readonly string[];
  readonly fromText?: (text: string) => unknown;
}

/** A field of the normalized AppSpec. */
export interface SpecField<K extends keyof AppSpec = keyof AppSpec> extends FieldBase {
  readonly kind: 'spec';
  readonly name: K;
  readonly parser: Parser<AppSpec[K]>;
  readonly default: AppSpec[K] | Derived;
  readonly action: ActionClass;
  /** Computed by tend (never read from a file). */
  readonly computed: boolean;
  readonly envDefault?: EnvDefault;
}

/** An option that shapes other fields during normalization (e.g. `time` sets log_date_format). */
export interface InputField<T = unknown> extends FieldBase {
  readonly kind: 'input';
  readonly parser: Parser<T>;
  readonly default: T | Derived;
  /** The AppSpec field it feeds; its action class is that field's. */
  readonly feeds: keyof AppSpec;
}

/** A PM2 option tend accepts so that PM2 files load, but which has no effect (a warning says so). */
export interface IgnoredField extends FieldBase {
  readonly kind: 'ignored';
  /** What the option does in PM2. */
  readonly purpose: string;
  readonly parser: Parser<unknown>;
  readonly default: Derived;
}

export type FieldDef = SpecField | InputField | IgnoredField;

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

/** PM2's aliases plus the camelCase spelling of the name and of each alias, without repeats. */
function spellings(name: string, aliases: readonly string[]): string[] {
  const all = [...aliases, ...[name, ...aliases].map(camel)];
  return [...new Set(all)].filter((spelling) => spelling !== name);
}

interface Declaration<T> {
  parser: Parser<T>;
  default: T | Derived;
  doc: string;
  aliases?: readonly string[];
  cli?: readonly string[];
}

function spec<K extends keyof AppSpec>(
  name: K,
  action: ActionClass,
  declaration: Declaration<AppSpec[K]> & { computed?: boolean; envDefault?: EnvDefault },
): SpecField<K> {
  const { aliases = [], cli = [], computed = false, envDefault } = declaration;
  return {
    kind: 'spec',
    name,
    action,
    parser: declaration.parser,
    default: declaration.default,
    doc: declaration.doc,
    aliases: spellings(name, aliases),
    cli,
    computed,
    ...(envDefault === undefined ? {} : { envDefault }),
  };
}

/** An environment flag as a boolean: "true"/"1" and "false"/"0"; other text is left for the parser to refuse. */
function envFlag(text: string): unknown {
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return text;
}

function input<T>(name: string, feeds: keyof AppSpec, declaration: Declaration<T>): InputField<T> {
  const { aliases = [], cli = [] } = declaration;
  return { kind: 'input', name, feeds, parser: declaration.parser, default: declaration.default, doc: declaration.doc, aliases: spellings(name, aliases), cli };
}

function ignored(name: string, doc: string, cli: readonly string[] = []): IgnoredField {
  return {
    kind: 'ignored',
    name,
    purpose: doc,
    parser: p.anyValue,
    default: new Derived('—'),
    doc: `${doc} Has no effect in tend.`,
    aliases: spellings(name, []),
    cli,
  };
}

/** One entry per AppSpec field: the mapped type makes a missing or extra field a compile error. */
export const specFields: { readonly [K in keyof AppSpec]: SpecField<K> } = {
  // A name makes log file names (`<name>-out.log`) and is printed by `tend ls`: at most 200 bytes, no
  // slashes, no control characters.
  name: spec('name', 'identity', {
    parser: p.text({
      pattern: /^(?!\d+$)(?!all$)[^\s/\\\x00-\x1f\x7f-\x9f]+$/,
      patternHint: 'a name has no spaces, slashes or control characters, is not only digits (ids are) and is not "all"',
      maxBytes: 200,
    }),
    default: new Derived('script file name without extension'),
    doc: 'Process name (unique in tend).',
    cli: ['-n, --name <name>'],
  }),
  instances: spec('instances', 'scale', {
    parser: p.instances,
    default: 1,
    doc: 'Number of processes; "max" or 0 = one per CPU, negative = CPUs − n (at least 1).',
    cli: ['-i, --instances <n>'],
  }),
  script: spec('script', 'reload', {
    parser: p.text(),
    default: new Derived('required'),
    doc: 'Entry file (relative to cwd), a command on PATH, or a shell command line (when it contains spaces).',
    aliases: ['exec', 'cmd', 'command'],
  }),
  args: spec('args', 'reload', { parser: p.stringList('shell'), default: [], doc: 'Arguments passed to the script; a string is split like a shell would.' }),
  cwd: spec('cwd', 'reload', {
    parser: p.text(),
    default: new Derived("the ecosystem file's directory (CLI: the current directory)"),
    doc: 'Working directory, relative to the ecosystem file; base of script and log paths. Symlinks are resolved.',
    cli: ['--cwd <path>'],
  }),
  interpreter: spec('interpreter', 'reload', {
    parser: p.text(),
    default: new Derived(
      'by script extension: .js/.cjs/.mjs node, .ts node + tsx, .py python3, .sh bash, .rb ruby, .php php, .pl perl, .coffee coffee; else none',
    ),
    doc: "Program that runs the script; 'none' runs the script itself.",
    aliases: ['exec_interpreter'],
    cli: ['--interpreter <bin>'],
  }),
  interpreter_args: spec('interpreter_args', 'reload', {
    parser: p.stringList('shell'),
    default: [],
    doc: 'Arguments for the interpreter (e.g. node flags); a string is split like a shell would.',
    aliases: ['node_args'],
    cli: ['--node-args <args>', '--interpreter-args <args>'],
  }),
  env: spec('env', 'reload', {
    parser: p.envObject,
    default: {},
    doc: 'Environment variables of the app (values become strings); env_<name> overlays it with --env <name>.',
  }),
  filter_env: spec('filter_env', 'reload', {
    parser: p.filterEnv,
    default: false,
    doc: "true: don't pass tend's own environment to the app; strings: drop inherited variables whose names contain them.",
    cli: ['--filter-env [envs]'],
  }),
  port: spec('port', 'reload', { parser: p.nullable(p.integer({ min: 1, max: 65535 })), default: null, doc: 'Shortcut for env.PORT.' }),
  instance_var: spec('instance_var', 'reload', {
    parser: p.text({ pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, patternHint: 'an environment variable name, e.g. NODE_APP_INSTANCE' }),
    default: 'NODE_APP_INSTANCE',
    doc: 'Name of the env variable holding the instance number (0, 1, …).',
  }),
  increment_var: spec('increment_var', 'reload', {
    parser: p.nullable(p.text({ pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, patternHint: 'an environment variable name, e.g. PORT' })),
    default: null,
    doc: 'Env variable incremented per instance, starting at its env value (default 0).',
  }),
  uid: spec('uid', 'reload', {
    parser: p.nullable(p.stringOrNumber),
    default: null,
    doc: 'Run as this user (the daemon must run as root).',
    aliases: ['user'],
    cli: ['--uid <uid>'],
  }),
  gid: spec('gid', 'reload', {
    parser: p.nullable(p.stringOrNumber),
    default: null,
    doc: 'Run as this group (the daemon must run as root).',
    cli: ['--gid <gid>'],
  }),
  source_map_support: spec('source_map_support', 'reload', {
    parser: p.bool,
    default: true,
    doc: 'Source-mapped stack traces for Node apps (--enable-source-maps); on unless disabled.',
    cli: ['--source-map-support'],
  }),
  revision: spec('revision', 'reload', {
    parser: p.nullable(p.text()),
    default: new Derived('HEAD commit of the git work tree holding cwd, else null'),
    doc: 'Computed by tend, not written in files: new code in a git checkout is a change that apply reloads.',
    computed: true,
  }),
  exec_mode: spec('exec_mode', 'replace', {
    parser: p.oneOf(['fork', 'cluster'] as const, { fork_mode: 'fork', cluster_mode: 'cluster' }),
    default: new Derived('cluster when instances is set and the interpreter is node, else fork'),
    doc: 'fork: plain child processes; cluster: Node cluster workers sharing ports (zero-downtime reload).',
  }),
  namespace: spec('namespace', 'live', {
    parser: p.text(),
    default: 'default',
    doc: 'Group label for acting on several apps at once.',
    cli: ['--namespace <ns>'],
  }),
  autostart: spec('autostart', 'live', {
    parser: p.bool,
    default: true,
    doc: 'false: register the app as stopped without launching it.',
    cli: ['--no-autostart'],
  }),
  autorestart: spec('autorestart', 'live', { parser: p.bool, default: true, doc: 'false: never restart the app when it exits.', cli: ['--no-autorestart'] }),
  max_restarts: spec('max_restarts', 'live', {
    parser: p.integer({ min: 0 }),
    default: 16,
    doc: 'Unstable restarts in a row (exits before min_uptime) before the app is marked errored.',
    cli: ['--max-restarts <n>'],
  }),
  min_uptime: spec('min_uptime', 'live', {
    parser: p.duration,
    default: 1000,
    doc: 'An exit sooner than this after start counts as unstable, and a start counts as successful once the app stayed up this long.',
    cli: ['--min-uptime <delay>'],
  }),
  restart_delay: spec('restart_delay', 'live', {
    parser: p.duration,
    default: 0,
    doc: 'Wait this long before restarting a crashed app.',
    cli: ['--restart-delay <delay>'],
  }),
  exp_backoff_restart_delay: spec('exp_backoff_restart_delay', 'live', {
    parser: p.duration,
    default: 0,
    doc: 'First restart delay of an exponential backoff (×1.5 per crash, capped at 15 s, reset after 30 s up); 0 = off.',
    cli: ['--exp-backoff-restart-delay <delay>'],
  }),
  stop_exit_codes: spec('stop_exit_codes', 'live', {
    parser: p.exitCodes,
    default: [],
    doc: 'Exit codes after which the app is not restarted.',
    cli: ['--stop-exit-codes <codes...>'],
  }),
  max_memory_restart: spec('max_memory_restart', 'live', {
    parser: p.nullable(p.memory),
    default: null,
    doc: 'Restart the app when its memory (RSS) passes this size.',
    cli: ['--max-memory-restart <size>'],
  }),
  cron_restart: spec('cron_restart', 'live', {
    parser: p.cronPattern,
    default: null,
    doc: 'Restart on this cron schedule (seconds field allowed); 0 disables.',
    aliases: ['cron'],
    cli: ['-c, --cron <pattern>', '--cron-restart <pattern>'],
  }),
  kill_timeout: spec('kill_timeout', 'live', {
    parser: p.duration,
    default: 1600,
    doc: 'Time between the stop signal and SIGKILL.',
    cli: ['-k, --kill-timeout <delay>'],
    envDefault: { variables: ['TEND_KILL_TIMEOUT', 'PM2_KILL_TIMEOUT'] },
  }),
  kill_signal: spec('kill_signal', 'live', {
    parser: p.text({ pattern: /^SIG[A-Z0-9]+$/, patternHint: 'a signal name such as SIGINT or SIGTERM' }),
    default: 'SIGINT',
    doc: 'Signal sent to stop the app (tend addition).',
    envDefault: { variables: ['TEND_KILL_SIGNAL', 'PM2_KILL_SIGNAL'] },
  }),
  listen_timeout: spec('listen_timeout', 'live', {
    parser: p.duration,
    default: 3000,
    doc: 'Longest wait for an app to be ready (wait_ready, cluster listen); a timeout is a failed start.',
    cli: ['--listen-timeout <delay>'],
    envDefault: { variables: ['TEND_LISTEN_TIMEOUT', 'PM2_GRACEFUL_LISTEN_TIMEOUT'] },
  }),
  code_paths: spec('code_paths', 'live', {
    parser: p.stringList('none'),
    default: [],
    doc: 'Git sync: repository paths (from its root) whose changes reload this app; empty: any change in the commit does.',
  }),
  health: spec('health', 'live', {
    parser: p.nullable(p.healthCheck),
    default: null,
    doc: "A check every start must pass (besides staying up for min_uptime): { http: '/healthz', port?, timeout? } or { tcp: port, timeout? }, on 127.0.0.1; timeout default 5s.",
  }),
  wait_ready: spec('wait_ready', 'live', {
    parser: p.bool,
    default: false,
    doc: "Online only once the app calls process.send('ready').",
    cli: ['--wait-ready'],
  }),
  shutdown_with_message: spec('shutdown_with_message', 'live', {
    parser: p.bool,
    default: false,
    doc: "Stop by sending the IPC message 'shutdown' instead of a signal.",
    cli: ['--shutdown-with-message'],
    envDefault: { variables: ['TEND_KILL_USE_MESSAGE', 'PM2_KILL_USE_MESSAGE'], fromText: envFlag },
  }),
  treekill: spec('treekill', 'live', {
    parser: p.bool,
    default: true,
    doc: 'Stop the whole process group, not only the main process.',
    cli: ['--no-treekill'],
  }),
  watch: spec('watch', 'live', {
    parser: p.watchPaths,
    default: false,
    doc: 'Restart on file changes: true watches cwd, or give paths (relative to cwd).',
    cli: ['--watch [paths]'],
  }),
  ignore_watch: spec('ignore_watch', 'live', {
    parser: p.stringList('none'),
    default: [],
    doc: 'Paths or patterns not watched (empty: node_modules and dotfiles are ignored).',
    cli: ['--ignore-watch <list>'],
  }),
  watch_delay: spec('watch_delay', 'live', {
    parser: p.duration,
    default: 0,
    doc: 'Wait this long after a change before restarting.',
    cli: ['--watch-delay <delay>'],
  }),
  watch_options: spec('watch_options', 'live', { parser: p.nullable(p.plainObject), default: null, doc: 'Options passed to the file watcher (chokidar).' }),
  out_file: spec('out_file', 'live', {
    parser: p.nullable(p.text()),
    default: null,
    doc: "stdout log file (relative to cwd); '/dev/null' or 'NULL' disables; default TEND_HOME/logs/<name>-out.log.",
    aliases: ['out', 'output', 'out_log'],
    cli: ['-o, --output <path>'],
  }),
  error_file: spec('error_file', 'live', {
    parser: p.nullable(p.text()),
    default: null,
    doc: "stderr log file (relative to cwd); '/dev/null' or 'NULL' disables; default TEND_HOME/logs/<name>-error.log.",
    aliases: ['error', 'err', 'err_file', 'err_log'],
    cli: ['-e, --error <path>'],
  }),
  log_file: spec('log_file', 'live', {
    parser: p.logFile,
    default: false,
    doc: 'Combined stdout+stderr log: true for TEND_HOME/logs/<name>.log, or a path.',
    aliases: ['log'],
    cli: ['-l, --log [path]'],
  }),
  merge_logs: spec('merge_logs', 'live', {
    parser: p.bool,
    default: new Derived('true for a single fork process, else false'),
    doc: 'One log file for every instance instead of one per instance (-<id> suffix).',
    aliases: ['combine_logs'],
    cli: ['--merge-logs'],
  }),
  log_date_format: spec('log_date_format', 'live', {
    parser: p.nullable(p.text()),
    default: null,
    doc: 'dayjs format of a timestamp prefixed to each log line.',
    cli: ['--log-date-format <format>'],
  }),
  log_type: spec('log_type', 'live', {
    parser: p.oneOf(['raw', 'json'] as const),
    default: 'raw',
    doc: 'json: write each log line as a JSON object.',
    cli: ['--log-type <type>'],
  }),
  disable_logs: spec('disable_logs', 'live', { parser: p.bool, default: false, doc: 'Discard all output of the app.', cli: ['--disable-logs'] }),
  log_max_size: spec('log_max_size', 'live', {
    parser: p.nullable(p.memory),
    default: null,
    doc: 'Rotate a log file when it passes this size (tend addition).',
  }),
  log_retain: spec('log_retain', 'live', { parser: p.integer({ min: 0 }), default: 5, doc: 'Rotated files kept per log (tend addition).' }),
  log_compress: spec('log_compress', 'live', { parser: p.bool, default: false, doc: 'gzip rotated log files (tend addition).' }),
  pid_file: spec('pid_file', 'live', {
    parser: p.nullable(p.text()),
    default: null,
    doc: 'File the pid is written to (relative to cwd; -<id> inserted).',
    aliases: ['pid'],
    cli: ['-p, --pid <path>'],
  }),
};

/** Options that shape other fields; their values are not kept in the AppSpec. */
export const inputFields = {
  time: input('time', 'log_date_format', { parser: p.bool, default: false, doc: 'Shortcut: log_date_format "YYYY-MM-DDTHH:mm:ss".', cli: ['--time'] }),
  name_prefix: input('name_prefix', 'name', { parser: p.nullable(p.text()), default: null, doc: 'The name becomes <prefix>:<name>.' }),
  append_env_to_name: input('append_env_to_name', 'name', { parser: p.bool, default: false, doc: 'With --env <x>, the name becomes <name>-<x>.' }),
  execute_command: input('execute_command', 'exec_mode', { parser: p.bool, default: false, doc: 'Force fork mode.', cli: ['-x, --execute-command'] }),
  disable_source_map_support: input('disable_source_map_support', 'source_map_support', {
    parser: p.bool,
    default: false,
    doc: 'Sets source_map_support to false.',
    cli: ['--disable-source-map-support', '--disable-source-map'],
  }),
} as const;

/** PM2 options with no effect in tend: accepted so PM2 files load, with a warning. */
export const ignoredFields: readonly IgnoredField[] = [
  ignored('vizion', 'PM2 git metadata collection (tend records the git revision itself).', ['--no-vizion']),
  ignored('pmx', 'PM2 monitoring agent injection (tend injects nothing into apps).', ['--no-pmx']),
  ignored('automation', 'PM2 monitoring agent injection.', ['--no-automation']),
  ignored('trace', 'PM2 Plus tracing.', ['--trace']),
  ignored('disable_trace', 'PM2 Plus tracing.', ['--disable-trace']),
  ignored('v8', 'PM2 Plus V8 metrics.', ['--v8']),
  ignored('event_loop_inspector', 'PM2 Plus event loop metrics.', ['--event-loop-inspector']),
  ignored('deep_monitoring', 'PM2 Plus deep monitoring.', ['--deep-monitoring']),
  ignored('windowsHide', 'Windows console hiding.'),
  ignored('force', 'PM2 duplicate start (tend apps are identified by name).'),
  ignored('post_update', 'Commands run by `pm2 pull`.'),
  ignored('username', 'Owner recorded by PM2.'),
  ignored('kill_retry_time', 'PM2 exit polling interval.'),
  ignored('write', 'Write the resolved config to <name>-pm2.json.'),
  ignored('io', 'PM2 Plus agent configuration.'),
  ignored('install_url', 'PM2 module install source.'),
];

/** The whole table, in documentation order. */
export const fieldCatalog: readonly FieldDef[] = [
  ...(Object.values(specFields) as SpecField[]),
  ...(Object.values(inputFields) as InputField[]),
  ...ignoredFields,
];

/** Keys of `env_<name>` overlays, selected with --env <name>. */
export const envOverlayPattern = /^env_(.+)$/;

const bySpelling = new Map<string, FieldDef>(fieldCatalog.flatMap((field) => [field.name, ...field.aliases].map((spelling) => [spelling, field] as const)));

/** The field a key of an app object names (canonical, alias or camelCase), if any. */
export function fieldBySpelling(key: string): FieldDef | undefined {
  return bySpelling.get(key);
}

/** Every accepted key spelling (for did-you-mean). */
export function allSpellings(): string[] {
  return [...bySpelling.keys()];
}

/** How apply treats a change of this AppSpec field (the planner's input). */
export function actionClassOf(field: keyof AppSpec): ActionClass {
  return specFields[field].action;
}

export interface CliOption {
  /** commander flag declaration. */
  flags: string;
  description: string;
  /** Canonical field name it sets. */
  field: string;
}

/** PM2's app flags, for commands that start apps (`tend start app.js -i 2 …`). */
export function catalogCliOptions(): CliOption[] {
  return fieldCatalog.flatMap((field) => field.cli.map((flags) => ({ flags, description: flagDescription(flags, field.name, field.doc), field: field.name })));
}

/** A `--no-…` flag sets false: its help says what that does ("Register the app as stopped…"), not "false: …". */
function flagDescription(flags: string, field: string, doc: string): string {
  if (!flags.startsWith('--no-')) return doc;
  if (!doc.startsWith('false: ')) return `Turn ${field} off. ${field}: ${doc}`;
  const rest = doc.slice('false: '.length);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** The key commander stores a flag's value under: '--max-memory-restart <size>' → 'maxMemoryRestart'. */
export function commanderKey(flags: string): string {
  const long = /--(?:no-)?([a-z0-9-]+)/.exec(flags)?.[1] ?? '';
  return long.replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** CLI spellings whose value differs from the file form (PM2 compatibility quirks). */
function cliValue(field: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  // `--watch-delay 4` means 4 seconds on PM2's command line; a unit ("4000ms") is taken as written.
  if (field === 'watch_delay' && /^\d+(\.\d+)?$/.test(value)) return `${value}s`;
  if (field === 'ignore_watch' || field === 'filter_env') return value.split(/[\s,]+/).filter(Boolean);
  return value;
}

/**
 * The raw app (as a file would hold it) that a command line describes: commander's parsed options
 * (camelCase keys) mapped back to field names. A negated flag (`--no-autorestart`) counts only when
 * given, so commander's implicit `true` never overrides a file's value.
 */
export function rawAppFromCli(script: string, args: string[], options: Record<string, unknown>): Record<string, unknown> {
  const raw: Record<string, unknown> = { script };
  if (args.length > 0) raw.args = args;
  for (const field of fieldCatalog) {
    for (const flags of field.cli) {
      const value = options[commanderKey(flags)];
      if (value === undefined) continue;
      if (flags.includes('--no-') && value !== false) continue;
      raw[field.name] = cliValue(field.name, value);
    }
  }
  return raw;
}
