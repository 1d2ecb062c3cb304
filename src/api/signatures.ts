// The API's public surface: PM2's signatures (connect, start in its five forms, …), each also
// returning a promise. Callbacks are optional; `err` is null on success.
import type { Settings } from '../workspace/settings.js';
import type {
  ApplyResult,
  Bus,
  CustomOptions,
  DataPacket,
  DeployCommands,
  DeployResult,
  LogLine,
  LogStream,
  ServeOptions,
  VersionMove,
  FileOptions,
  StartupOptions,
  ErrCallback,
  Plan,
  ErrProcCallback,
  ErrProcDescsCallback,
  ErrResultCallback,
  Platform,
  ProcessDescription,
  ReloadOptions,
  StartOptions,
} from './types.js';

type Target = string | number;
type Targets = Target | Target[];
type ModuleAnswer = { module: string; builtIn: true; message: string };
type CloudAnswer = { cloud: false; message: string };
/** Only one stream of the log viewers: `'out'`, `'err'`, or false for both. */
type Exclusive = 'out' | 'err' | false;

export interface Pm2Api {
  /** Where relative scripts, files and targets resolve from. */
  readonly cwd: string;
  /** The daemon home (TEND_HOME) this instance manages. */
  readonly pm2_home: string;
  /** false when the daemon runs inside this process. */
  readonly daemon_mode: boolean;
  /** PM2's class: `new pm2.custom({ cwd, pm2_home, daemon_mode })`. */
  readonly custom: new (options?: CustomOptions) => Pm2Api;

  connect(errback?: ErrCallback): Promise<void>;
  connect(noDaemonMode: boolean, errback?: ErrCallback): Promise<void>;
  disconnect(errback?: ErrCallback): Promise<void>;
  close(errback?: ErrCallback): Promise<void>;
  /** Kills the daemon of an `independent` instance (PM2's destroy). */
  destroy(errback?: ErrCallback): Promise<void>;

  start(options: StartOptions | { apps: StartOptions[] }, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  start(jsonConfigFile: string, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  start(script: string, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  start(script: string, options: StartOptions, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  start(script: string, jsonConfigFile: string, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  stop(process: Targets, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  restart(process: Targets, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  restart(process: Targets, options: ReloadOptions, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  reload(process: Targets, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  reload(process: Targets, options: ReloadOptions, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  delete(process: Targets, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  del(process: Targets, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  reset(process: Targets, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  scale(name: string, instances: number | string, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  killDaemon(errback?: ErrResultCallback): Promise<{ stopped: number }>;
  kill(errback?: ErrResultCallback): Promise<{ stopped: number }>;

  list(errback?: ErrProcDescsCallback): Promise<ProcessDescription[]>;
  describe(process: Target, errback?: ErrProcDescsCallback): Promise<ProcessDescription[]>;
  getProcessIdByName(name: string, errback?: ErrResultCallback): Promise<number[]>;
  /** The pids of an app's running processes (of every app without a name). */
  getPID(errback?: ErrResultCallback): Promise<number[]>;
  getPID(name: string, errback?: ErrResultCallback): Promise<number[]>;
  env(procId: number, errback?: ErrResultCallback): Promise<Record<string, string>>;
  ping(errback?: ErrResultCallback): Promise<{ msg: 'pong'; pid: number; uptime: number }>;
  getVersion(errback?: ErrResultCallback): Promise<string>;

  dump(errback?: ErrResultCallback): Promise<{ file: string; count: number }>;
  dump(force: boolean, errback?: ErrResultCallback): Promise<{ file: string; count: number }>;
  resurrect(errback?: ErrResultCallback): Promise<ProcessDescription[]>;
  clearDump(errback?: ErrResultCallback): Promise<{ file: string }>;
  startup(platform?: Platform, errback?: ErrResultCallback): Promise<unknown>;
  startup(platform: Platform | undefined, options: StartupOptions, errback?: ErrResultCallback): Promise<unknown>;
  uninstallStartup(platform?: Platform, errback?: ErrResultCallback): Promise<unknown>;
  uninstallStartup(platform: Platform | undefined, options: StartupOptions, errback?: ErrResultCallback): Promise<unknown>;

  flush(errback?: ErrResultCallback): Promise<{ files: string[] }>;
  flush(process: Target, errback?: ErrResultCallback): Promise<{ files: string[] }>;
  reloadLogs(errback?: ErrResultCallback): Promise<{ ok: true }>;
  /**
   * Prints the last `lines` (20) lines of the target's logs to stdout (as `tend logs --nostream`) and
   * returns them. PM2's positional options; the callback may follow any of them.
   */
  printLogs(errback?: ErrResultCallback): Promise<LogLine[]>;
  printLogs(process: Target, errback?: ErrResultCallback): Promise<LogLine[]>;
  printLogs(process: Target, lines: number, errback?: ErrResultCallback): Promise<LogLine[]>;
  printLogs(process: Target, lines: number, raw: boolean, errback?: ErrResultCallback): Promise<LogLine[]>;
  printLogs(process: Target, lines: number, raw: boolean, timestamp: string | boolean, errback?: ErrResultCallback): Promise<LogLine[]>;
  printLogs(process: Target, lines: number, raw: boolean, timestamp: string | boolean, exclusive: Exclusive, errback?: ErrResultCallback): Promise<LogLine[]>;
  /** Prints the tail, then each new line, to stdout until the stream's close() or disconnect(). */
  streamLogs(errback?: ErrResultCallback): Promise<LogStream>;
  streamLogs(process: Target, errback?: ErrResultCallback): Promise<LogStream>;
  streamLogs(process: Target, lines: number, errback?: ErrResultCallback): Promise<LogStream>;
  streamLogs(process: Target, lines: number, raw: boolean, errback?: ErrResultCallback): Promise<LogStream>;
  streamLogs(process: Target, lines: number, raw: boolean, timestamp: string | boolean, errback?: ErrResultCallback): Promise<LogStream>;
  streamLogs(process: Target, lines: number, raw: boolean, timestamp: string | boolean, exclusive: Exclusive, errback?: ErrResultCallback): Promise<LogStream>;
  streamLogs(
    process: Target,
    lines: number,
    raw: boolean,
    timestamp: string | boolean,
    exclusive: Exclusive,
    highlight: string,
    errback?: ErrResultCallback,
  ): Promise<LogStream>;

  launchBus(errback?: (err: Error, bus: Bus) => void): Promise<Bus>;
  sendDataToProcessId(procId: number, packet: object, errback?: ErrResultCallback): Promise<{ delivered: true; id: number }>;
  sendDataToProcessId(packet: DataPacket & { id: number }, errback?: ErrResultCallback): Promise<{ delivered: true; id: number }>;
  sendSignalToProcessName(signal: string | number, process: Target, errback?: ErrResultCallback): Promise<ProcessDescription[]>;
  sendSignalToProcessId(signal: string | number, process: number, errback?: ErrResultCallback): Promise<ProcessDescription[]>;
  /** Writes `line` and a newline to the process's stdin (a separator other than a newline goes before it). */
  sendLineToStdin(procId: Target, line: string, errback?: ErrResultCallback): Promise<ProcessDescription[]>;
  sendLineToStdin(procId: Target, line: string, separator: string, errback?: ErrResultCallback): Promise<ProcessDescription[]>;
  /** The process's output to stdout, stdin's lines to the process; settles when stdin ends. */
  attach(procId: number, errback?: ErrCallback): Promise<void>;
  attach(procId: number, separator: string, errback?: ErrCallback): Promise<void>;
  /** Opens the Node inspector of the app's processes (SIGUSR1). */
  inspect(process: Target, errback?: ErrResultCallback): Promise<ProcessDescription[]>;
  /** Not supported (tend injects no agent into apps): the error reaches the callback. */
  trigger(process: Target, action: string, errback?: ErrResultCallback): Promise<never>;
  trigger(process: Target, action: string, params: unknown, errback?: ErrResultCallback): Promise<never>;

  get(errback?: ErrResultCallback): Promise<Settings>;
  get(key: string, errback?: ErrResultCallback): Promise<string>;
  set(key: string, value: unknown, errback?: ErrResultCallback): Promise<Settings>;
  unset(key: string, errback?: ErrResultCallback): Promise<Settings>;

  multiset(pairs: string, errback?: ErrResultCallback): Promise<Settings>;
  conf(errback?: ErrResultCallback): Promise<Settings>;
  conf(key: string, errback?: ErrResultCallback): Promise<string>;
  conf(key: string, value: unknown, errback?: ErrResultCallback): Promise<Settings>;

  /** git pull in the app's checkout, then reload; an up-to-date checkout is an error (E_UP_TO_DATE), as in PM2. */
  pullAndReload(process: Target, errback?: ErrResultCallback): Promise<VersionMove>;
  /** git pull in the app's checkout, then restart; an up-to-date checkout is an error (E_UP_TO_DATE), as in PM2. */
  pullAndRestart(process: Target, errback?: ErrResultCallback): Promise<VersionMove>;
  pullCommitId(process: Target, commitId: string, errback?: ErrResultCallback): Promise<VersionMove>;
  _pullCommitId(options: { pm2_name: Target; commit_id: string }, errback?: ErrResultCallback): Promise<VersionMove>;
  /** One commit toward the upstream, then reload (`success: false` when already there). */
  forward(process: Target, errback?: ErrResultCallback): Promise<VersionMove>;
  /** One commit back, then reload. */
  backward(process: Target, errback?: ErrResultCallback): Promise<VersionMove>;

  /** `tend deploy`: `deploy('ecosystem.config.js', ['production', 'setup'])` or PM2's `{ rawArgs }`. */
  deploy(file: string, commands: DeployCommands, errback?: ErrResultCallback): Promise<DeployResult | undefined>;
  /** The static file server as an app named static-page-server-<port> (`tend serve`). */
  serve(path?: string, port?: number | string, options?: ServeOptions, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  serve(
    path: string | undefined,
    port: number | string | undefined,
    options: ServeOptions,
    commander: { name?: string },
    errback?: ErrProcCallback,
  ): Promise<ProcessDescription[]>;
  gracefulReload(process: Targets, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  gracefulReload(process: Targets, options: ReloadOptions, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  /** Hands the apps to a daemon of this version (`tend update`). */
  update(errback?: ErrResultCallback): Promise<{ success: true; count: number }>;
  /** PM2's file actions: 'start', 'restart', 'reload', 'stop', 'delete' (or their daemon names) on an ecosystem file. */
  _jsonStartOrAction(action: string, file: string | object, options?: object, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  _startJson(file: string | object, options?: object, action?: string, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  actionFromJson(action: string, file: string | object, options?: object, jsonVia?: string, errback?: ErrProcCallback): Promise<ProcessDescription[]>;
  /** Does nothing (PM2 without pm2-sysmonit does nothing too; tend's daemon measures apps itself). */
  launchSysMonitoring(errback?: ErrCallback): Promise<void>;
  /** Does nothing: tend has no modules. */
  launchModules(errback?: ErrCallback): Promise<void>;
  /** PM2 Plus: tend has no cloud; these do nothing and say so. */
  monitor(process?: Target | ErrResultCallback, errback?: ErrResultCallback): Promise<CloudAnswer>;
  unmonitor(process?: Target | ErrResultCallback, errback?: ErrResultCallback): Promise<CloudAnswer>;
  link(...args: unknown[]): Promise<CloudAnswer>;
  unlink(errback?: ErrResultCallback): Promise<CloudAnswer>;
  /** Refused with E_NOT_SUPPORTED, each with a hint to what tend has instead. */
  profile(type: 'cpu' | 'mem', time?: number | ErrResultCallback, errback?: ErrResultCallback): Promise<never>;
  msgProcess(options: object, errback?: ErrResultCallback): Promise<never>;
  monit(errback?: ErrResultCallback): Promise<never>;
  dashboard(errback?: ErrResultCallback): Promise<never>;
  boilerplate(errback?: ErrResultCallback): Promise<never>;
  autoinstall(errback?: ErrResultCallback): Promise<never>;
  deepUpdate(errback?: ErrResultCallback): Promise<never>;
  logrotate(options?: object | ErrResultCallback, errback?: ErrResultCallback): Promise<never>;
  dockerMode(...args: unknown[]): Promise<never>;
  generateDockerfile(...args: unknown[]): Promise<never>;
  generateSample(mode?: string | ErrResultCallback, errback?: ErrResultCallback): Promise<never>;
  report(errback?: ErrResultCallback): Promise<never>;
  slist(...args: unknown[]): Promise<never>;
  package(...args: unknown[]): Promise<never>;

  /** tend has no modules: pm2-logrotate answers that rotation is built in; anything else is E_NOT_SUPPORTED. */
  install(module: string, errback?: ErrResultCallback): Promise<ModuleAnswer>;
  install(module: string, options: object, errback?: ErrResultCallback): Promise<ModuleAnswer>;
  uninstall(module: string, errback?: ErrResultCallback): Promise<ModuleAnswer>;
  publish(folder?: string | ErrResultCallback, errback?: ErrResultCallback): Promise<never>;
  generateModuleSample(name?: string | ErrResultCallback, errback?: ErrResultCallback): Promise<never>;

  /** tend's own: the plan `apply(file)` would execute. */
  plan(file: string, errback?: ErrResultCallback): Promise<Plan>;
  plan(file: string, options: FileOptions, errback?: ErrResultCallback): Promise<Plan>;
  /** tend's own: make what runs equal the file (create, scale, reload, replace, prune). */
  apply(file: string, errback?: ErrResultCallback): Promise<ApplyResult | null>;
  apply(file: string, options: FileOptions, errback?: ErrResultCallback): Promise<ApplyResult | null>;
}
