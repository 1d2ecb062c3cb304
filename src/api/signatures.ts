// The API's public surface: PM2's signatures (connect, start in its five forms, …), each also
// returning a promise. Callbacks are optional; `err` is null on success.
import type { Settings } from '../workspace/settings.js';
import type {
  ApplyResult,
  Bus,
  CustomOptions,
  DataPacket,
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

  launchBus(errback?: (err: Error, bus: Bus) => void): Promise<Bus>;
  sendDataToProcessId(procId: number, packet: object, errback?: ErrResultCallback): Promise<{ delivered: true; id: number }>;
  sendDataToProcessId(packet: DataPacket & { id: number }, errback?: ErrResultCallback): Promise<{ delivered: true; id: number }>;
  sendSignalToProcessName(signal: string | number, process: Target, errback?: ErrResultCallback): Promise<ProcessDescription[]>;
  sendSignalToProcessId(signal: string | number, process: number, errback?: ErrResultCallback): Promise<ProcessDescription[]>;
  /** Not supported (tend injects no agent into apps): the error reaches the callback. */
  trigger(process: Target, action: string, errback?: ErrResultCallback): Promise<never>;
  trigger(process: Target, action: string, params: unknown, errback?: ErrResultCallback): Promise<never>;

  get(errback?: ErrResultCallback): Promise<Settings>;
  get(key: string, errback?: ErrResultCallback): Promise<string>;
  set(key: string, value: unknown, errback?: ErrResultCallback): Promise<Settings>;
  unset(key: string, errback?: ErrResultCallback): Promise<Settings>;

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
