// The programmatic API: `import { connect, start, list, … } from 'tend-pm'`. Every function returns a
// promise and also accepts a PM2-style callback as its last argument, so PM2 scripts port by
// changing the import. All calls go through the daemon protocol (src/client).
import { DaemonClient } from '../client/daemon-client.js';
import type { DaemonEvent, ProcessRecord, ApplyResult, ActionResult } from '../protocol/messages.js';
import type { Plan } from '../reconciler/types.js';
import { loadEcosystem, normalizeApps } from '../ecosystem/load.js';
import { isEcosystemFile } from '../ecosystem/find.js';
import type { AppSpec } from '../ecosystem/types.js';
import { homePaths, resolveHome } from '../protocol/home.js';
import { TendError, fromWire } from '../errors/index.js';
import { callerEnv, holderName } from '../client/caller.js';
import { planAndApply } from '../client/plan-and-apply.js';

export type { ProcessRecord, DaemonEvent, ApplyResult, ActionResult, Plan, AppSpec };
export { TendError };

type Callback<T> = (error: Error | null, result?: T) => void;

let client: DaemonClient | null = null;
let inProcess: { stop: () => Promise<void> } | null = null;

function withCallback<T>(promise: Promise<T>, callback: Callback<T> | undefined): Promise<T> {
  if (callback) promise.then((value) => callback(null, value), (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
  return promise;
}

async function ready(): Promise<DaemonClient> {
  client ??= await DaemonClient.connect();
  return client;
}


/**
 * Connects to the daemon of TEND_HOME, starting it when needed. With `noDaemon` true (as PM2), the
 * daemon runs inside this process and ends with it (or with disconnect()).
 */
export function connect(noDaemon?: boolean | Callback<void>, callback?: Callback<void>): Promise<void> {
  const cb = typeof noDaemon === 'function' ? noDaemon : callback;
  const embedded = noDaemon === true;
  return withCallback(
    (async () => {
      if (embedded && !inProcess) {
        const { startEmbeddedDaemon } = await import('../daemon/embedded.js');
        inProcess = await startEmbeddedDaemon(homePaths(resolveHome()));
      }
      await ready();
    })(),
    cb,
  );
}

export function disconnect(callback?: Callback<void>): Promise<void> {
  return withCallback(
    (async () => {
      client?.close();
      client = null;
      if (inProcess) {
        await inProcess.stop();
        inProcess = null;
      }
    })(),
    callback,
  );
}

export interface StartOptions extends Record<string, unknown> {
  script?: string;
  name?: string;
  args?: string[] | string;
  env?: Record<string, string>;
}

/** start(script | ecosystem file | options object) — PM2's start, through the planner (mode `start`). */
export function start(target: string | StartOptions, options?: StartOptions | Callback<ApplyResult | null>, callback?: Callback<ApplyResult | null>): Promise<ApplyResult | null> {
  const cb = typeof options === 'function' ? options : callback;
  const extra = typeof options === 'object' ? options : {};
  return withCallback(
    (async () => {
      let source = 'cli';
      let specs: AppSpec[];
      if (typeof target === 'string' && isEcosystemFile(target)) {
        const loaded = await loadEcosystem(target, { cwd: process.cwd() });
        source = loaded.file;
        specs = loaded.apps;
      } else {
        const raw = typeof target === 'string' ? { ...extra, script: target } : { ...target };
        specs = normalizeApps([raw], { baseDir: process.cwd() }).apps;
      }
      return applyDesired({ source, specs }, 'start');
    })(),
    cb,
  );
}

async function applyDesired(desired: { source: string; specs: AppSpec[] }, mode: 'apply' | 'start' | 'restart' | 'reload', prune = false): Promise<ApplyResult | null> {
  const { result } = await planAndApply(await ready(), { ...desired, mode, prune, holder: holderName('api'), confirmed: true });
  if (result?.failed) throw fromWire(result.failed.error);
  return result;
}

function targetsOf(target: string | number | Array<string | number>): string[] {
  return (Array.isArray(target) ? target : [target]).map(String);
}

function targetCall(method: 'stop' | 'restart' | 'reload' | 'delete' | 'reset') {
  return (target: string | number | Array<string | number>, callback?: Callback<ActionResult>): Promise<ActionResult> =>
    withCallback((async () => (await ready()).request(method, { targets: targetsOf(target) }))(), callback);
}

export const stop = targetCall('stop');
export const restart = targetCall('restart');
export const reload = targetCall('reload');
export const reset = targetCall('reset');
const deleteApps = targetCall('delete');
export { deleteApps as delete, deleteApps as del };

export function list(callback?: Callback<ProcessRecord[]>): Promise<ProcessRecord[]> {
  return withCallback((async () => (await ready()).request('list', {}))(), callback);
}

export function describe(target: string | number, callback?: Callback<ProcessRecord[]>): Promise<ProcessRecord[]> {
  return withCallback(
    (async () => {
      const records = await (await ready()).request('list', {});
      return records.filter((r) => r.name === String(target) || String(r.pm_id) === String(target));
    })(),
    callback,
  );
}

export interface FileOptions {
  env?: string;
  only?: string[];
  prune?: boolean;
}

/** The plan `apply(file)` would execute. */
export function plan(file: string, options: FileOptions = {}, callback?: Callback<Plan>): Promise<Plan> {
  return withCallback(
    (async () => {
      const loaded = await loadEcosystem(file, { cwd: process.cwd(), ...(options.env ? { env: options.env } : {}), ...(options.only ? { only: options.only } : {}) });
      return (await ready()).request('plan', { source: loaded.file, specs: loaded.apps, baseEnv: callerEnv(), mode: 'apply', prune: options.prune ?? true });
    })(),
    callback,
  );
}

/** Makes what runs equal the file: create, scale, reload, replace and prune exactly what changed. */
export function apply(file: string, options: FileOptions = {}, callback?: Callback<ApplyResult | null>): Promise<ApplyResult | null> {
  return withCallback(
    (async () => {
      const loaded = await loadEcosystem(file, { cwd: process.cwd(), ...(options.env ? { env: options.env } : {}), ...(options.only ? { only: options.only } : {}) });
      return applyDesired({ source: loaded.file, specs: loaded.apps }, 'apply', options.prune ?? true);
    })(),
    callback,
  );
}

export function dump(callback?: Callback<{ file: string; count: number }>): Promise<{ file: string; count: number }> {
  return withCallback((async () => (await ready()).request('save', { force: true }))(), callback);
}

export function flush(target?: string | number, callback?: Callback<{ files: string[] }>): Promise<{ files: string[] }> {
  return withCallback((async () => (await ready()).request('flush', { targets: target === undefined ? [] : [String(target)] }))(), callback);
}

export function reloadLogs(callback?: Callback<{ ok: true }>): Promise<{ ok: true }> {
  return withCallback((async () => (await ready()).request('reloadLogs', {}))(), callback);
}

/** Sends `data` to a process over IPC (the app receives it with process.on('message')). */
export function sendDataToProcessId(pm_id: number, data: unknown, callback?: Callback<{ delivered: boolean }>): Promise<{ delivered: boolean }> {
  return withCallback(
    (async () => {
      const result = await (await ready()).request('sendData', { pm_id, data });
      if (!result.delivered) throw new TendError('E_APP_NOT_FOUND', `process ${pm_id} has no IPC channel (not running, or not a Node app)`);
      return result;
    })(),
    callback,
  );
}

export function sendSignalToProcessName(signal: string, name: string, callback?: Callback<ActionResult>): Promise<ActionResult> {
  return withCallback((async () => (await ready()).request('signal', { signal, targets: [name] }))(), callback);
}

export interface Bus {
  on(listener: (event: DaemonEvent) => void): void;
  close(): void;
}

/**
 * Lifecycle events, log lines, and messages apps send with process.send({ type: 'process:msg', … }).
 * The bus has its own connection; close it when done.
 */
export function launchBus(callback?: Callback<Bus>): Promise<Bus> {
  return withCallback(
    (async () => {
      const bus = await DaemonClient.connect();
      const listeners = new Set<(event: DaemonEvent) => void>();
      await bus.subscribe({ logs: true, lifecycle: true, messages: true }, (event) => {
        for (const listener of listeners) listener(event);
      });
      return { on: (listener) => void listeners.add(listener), close: () => bus.close() };
    })(),
    callback,
  );
}

export function killDaemon(callback?: Callback<{ stopped: number }>): Promise<{ stopped: number }> {
  return withCallback(
    (async () => {
      const daemon = await ready();
      const result = await daemon.request('kill', {});
      await daemon.waitClosed();
      client = null;
      return result;
    })(),
    callback,
  );
}

export interface StartupOptions {
  user?: string;
  homePath?: string;
  serviceName?: string;
  /** Write under this folder instead of / and do not run the init tool (image builds, tests). */
  destdir?: string;
}

/** PM2's startup(platform): writes the boot script that resurrects the saved apps (needs root for /etc). */
export function startup(platform?: string, options: StartupOptions = {}, callback?: Callback<unknown>): Promise<unknown> {
  return withCallback(
    (async () => {
      const startupDriver = await import('../startup/index.js');
      const request = { platform, user: options.user, homePath: options.homePath, serviceName: options.serviceName, waitIp: false };
      const plan = startupDriver.planStartup(startupDriver.resolveStartupSettings(request, startupDriver.systemContext()));
      return startupDriver.installStartup(plan, options.destdir === undefined ? {} : { destdir: options.destdir });
    })(),
    callback,
  );
}
