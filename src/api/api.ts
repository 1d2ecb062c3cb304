// PM2's API object (`new pm2.custom(options)`; `require('pm2')` is one made with the defaults).
// Each method sorts out PM2's argument forms, then runs its area's function through settle(), which
// gives the result to the promise and to the optional callback.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveHome } from '../protocol/home.js';
import { settle, splitCallback } from './callback.js';
import { Session } from './session.js';
import { Bus } from './bus.js';
import * as lifecycle from './lifecycle.js';
import * as query from './query.js';
import * as persistence from './persistence.js';
import * as logs from './logs.js';
import * as messaging from './messaging.js';
import * as settings from './settings.js';
import * as extensions from './extensions.js';
import { moduleCall } from './modules.js';
import * as logStream from './log-stream.js';
import * as stdin from './stdin.js';
import * as versioning from './versioning.js';
import { deploy } from './deploy.js';
import { serve } from './serve.js';
import { jsonAction } from './json-actions.js';
import { noCloud, refused, type RefusedCall } from './unsupported.js';
import type { Target } from './procs.js';
import type { CustomOptions, DeployCommands, ReloadOptions } from './types.js';
import type { Pm2Api } from './signatures.js';

function homeOf(options: CustomOptions): string {
  if (options.independent) return join(tmpdir(), `tend-${randomBytes(6).toString('hex')}`);
  const given = options.pm2_home ?? options.home;
  return given === undefined ? resolveHome() : resolve(given);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export class API {
  private readonly session: Session;
  /** The last call's settling: calls run one after another, in the order they were made. */
  private previous: Promise<unknown> = Promise.resolve();

  constructor(options: CustomOptions = {}) {
    this.session = new Session(resolve(options.cwd ?? process.cwd()), homeOf(options), options.daemon_mode ?? true);
  }

  get cwd(): string {
    return this.session.cwd;
  }

  get pm2_home(): string {
    return this.session.paths.home;
  }

  get daemon_mode(): boolean {
    return this.session.daemonMode;
  }

  /** PM2's class, also reachable from an instance (`require('pm2').custom`). */
  get custom(): typeof custom {
    return custom;
  }

  /**
   * Runs `work` with PM2's argument list split into arguments and the trailing callback, once the
   * calls made before it have settled: code that fires calls without waiting (PM2's lazy style,
   * `pm2.stop(x); pm2.list(cb)`) sees them happen in order.
   */
  private call<T>(given: unknown[], work: (args: unknown[]) => Promise<T>): Promise<T> {
    const { args, callback } = splitCallback<T>(given);
    const before = this.previous;
    const result = settle(async () => {
      await before.catch(() => undefined);
      return work(args);
    }, callback);
    this.previous = result.catch(() => undefined);
    return result;
  }

  connect(...args: unknown[]): Promise<void> {
    return this.call(args, async ([noDaemon]) => {
      if (noDaemon === true) this.session.daemonMode = false;
      await this.session.client();
    });
  }

  disconnect(...args: unknown[]): Promise<void> {
    return this.call(args, () => this.session.close());
  }

  close(...args: unknown[]): Promise<void> {
    return this.call(args, () => this.session.close());
  }

  destroy(...args: unknown[]): Promise<void> {
    return this.call(args, async () => {
      await this.killWith();
      await this.session.close();
    });
  }

  start(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([target, options]) => lifecycle.start(this.session, target, options));
  }

  stop(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([target]) => lifecycle.stop(this.session, target as Target));
  }

  restart(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([target, options]) => lifecycle.restartTargets(this.session, target as Target, 'restart', options as ReloadOptions | undefined));
  }

  reload(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([target, options]) => lifecycle.restartTargets(this.session, target as Target, 'reload', options as ReloadOptions | undefined));
  }

  delete(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([target]) => lifecycle.remove(this.session, target as Target));
  }

  del(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([target]) => lifecycle.remove(this.session, target as Target));
  }

  reset(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([target]) => lifecycle.reset(this.session, target as Target));
  }

  scale(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([name, instances]) => lifecycle.scale(this.session, String(name), instances as number | string));
  }

  killDaemon(...args: unknown[]): Promise<unknown> {
    return this.call(args, () => this.killWith());
  }

  kill(...args: unknown[]): Promise<unknown> {
    return this.call(args, () => this.killWith());
  }

  list(...args: unknown[]): Promise<unknown> {
    return this.call(args, () => query.list(this.session));
  }

  describe(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([target]) => query.describe(this.session, target as Target));
  }

  getProcessIdByName(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([name]) => query.processIdsByName(this.session, String(name)));
  }

  getPID(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([name]) => query.pids(this.session, typeof name === 'string' ? name : undefined));
  }

  env(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([id]) => query.env(this.session, Number(id)));
  }

  ping(...args: unknown[]): Promise<unknown> {
    return this.call(args, () => query.ping(this.session));
  }

  getVersion(...args: unknown[]): Promise<unknown> {
    return this.call(args, () => query.getVersion());
  }

  dump(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([force]) => persistence.dump(this.session, force === true));
  }

  resurrect(...args: unknown[]): Promise<unknown> {
    return this.call(args, () => persistence.resurrect(this.session));
  }

  clearDump(...args: unknown[]): Promise<unknown> {
    return this.call(args, () => persistence.clearDump(this.session));
  }

  startup(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([platform, options]) =>
      persistence.bootScript('startup', typeof platform === 'string' ? platform : undefined, isObject(options) ? options : {}),
    );
  }

  uninstallStartup(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([platform, options]) =>
      persistence.bootScript('unstartup', typeof platform === 'string' ? platform : undefined, isObject(options) ? options : {}),
    );
  }

  flush(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([target]) => logs.flush(this.session, target as Target | undefined));
  }

  reloadLogs(...args: unknown[]): Promise<unknown> {
    return this.call(args, () => logs.reloadLogs(this.session));
  }

  launchBus(...args: unknown[]): Promise<unknown> {
    return this.call(args, async () => {
      const bus = await new Bus(await this.session.extraClient()).listen();
      this.session.buses.add(bus);
      return bus;
    });
  }

  sendDataToProcessId(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([idOrPacket, packet]) => messaging.sendData(this.session, idOrPacket, packet));
  }

  sendSignalToProcessName(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([signal, name]) => messaging.sendSignal(this.session, signal as string, name as Target));
  }

  sendSignalToProcessId(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([signal, id]) => messaging.sendSignal(this.session, signal as string, Number(id)));
  }

  trigger(...args: unknown[]): Promise<unknown> {
    return this.call(args, () => messaging.trigger());
  }

  get(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([key]) => settings.get(this.session, typeof key === 'string' ? key : undefined));
  }

  set(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([key, value]) => settings.set(this.session, String(key), value));
  }

  unset(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([key]) => settings.unset(this.session, String(key)));
  }

  install(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([name]) => moduleCall('install', name));
  }

  uninstall(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([name]) => moduleCall('uninstall', name));
  }

  publish(...args: unknown[]): Promise<unknown> {
    return this.call(args, () => moduleCall('publish', undefined));
  }

  generateModuleSample(...args: unknown[]): Promise<unknown> {
    return this.call(args, () => moduleCall('generateModuleSample', undefined));
  }

  plan(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([file, options]) => extensions.plan(this.session, String(file), isObject(options) ? options : {}));
  }

  apply(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([file, options]) => extensions.apply(this.session, String(file), isObject(options) ? options : {}));
  }

  gracefulReload(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([target, options]) => lifecycle.restartTargets(this.session, target as Target, 'reload', options as ReloadOptions | undefined));
  }

  update(...args: unknown[]): Promise<unknown> {
    return this.call(args, () => persistence.update(this.session));
  }

  printLogs(...args: unknown[]): Promise<unknown> {
    return this.call(args, (given) => logStream.printLogs(this.session, logStream.logCall(given)));
  }

  /** Resolves once the tail is printed and lines stream; they stream until close() or disconnect(). */
  streamLogs(...args: unknown[]): Promise<unknown> {
    return this.call(args, (given) => logStream.streamLogs(this.session, logStream.logCall(given)));
  }

  sendLineToStdin(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([target, line, separator]) => stdin.sendLine(this.session, target, line, separator));
  }

  /**
   * Settles when stdin ends (PM2's callback). Only the attaching waits its turn among the calls:
   * calls made while attached run at once, as with PM2.
   */
  attach(...args: unknown[]): Promise<unknown> {
    const { args: given, callback } = splitCallback<void>(args);
    const attached = this.call(given, ([id, separator]) => stdin.attach(this.session, id, separator));
    return settle(async () => (await attached).ended, callback);
  }

  pullAndReload(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([name]) => versioning.moveAndReload(this.session, name, versioning.movers.pull, { mode: 'reload', unmovedIsError: true }));
  }

  pullAndRestart(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([name]) => versioning.moveAndReload(this.session, name, versioning.movers.pull, { mode: 'restart', unmovedIsError: true }));
  }

  pullCommitId(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([name, commit]) =>
      versioning.moveAndReload(this.session, name, versioning.movers.commit(commit), { mode: 'reload', unmovedIsError: false }),
    );
  }

  _pullCommitId(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([options]) => {
      const { pm2_name, commit_id } = isObject(options) ? options : {};
      return versioning.moveAndReload(this.session, pm2_name, versioning.movers.commit(commit_id), { mode: 'reload', unmovedIsError: false });
    });
  }

  forward(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([name]) => versioning.moveAndReload(this.session, name, versioning.movers.forward, { mode: 'reload', unmovedIsError: false }));
  }

  backward(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([name]) => versioning.moveAndReload(this.session, name, versioning.movers.backward, { mode: 'reload', unmovedIsError: false }));
  }

  deploy(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([file, commands]) => deploy(this.session, file, commands as DeployCommands | undefined));
  }

  serve(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([path, port, options, commander]) => serve(this.session, path, port, options, commander));
  }

  inspect(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([target]) => messaging.inspect(this.session, target as Target));
  }

  _jsonStartOrAction(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([action, file, options]) => jsonAction(this.session, action, file, options));
  }

  _startJson(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([file, options, action]) => jsonAction(this.session, action ?? 'restartProcessId', file, options));
  }

  actionFromJson(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([action, file, options]) => jsonAction(this.session, action, file, options));
  }

  multiset(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([pairs]) => settings.multiset(this.session, pairs));
  }

  conf(...args: unknown[]): Promise<unknown> {
    return this.call(args, ([key, value]) => settings.conf(this.session, key, value));
  }

  /** PM2 answers without a sysmonit module installed by doing nothing; tend's daemon measures apps itself. */
  launchSysMonitoring(...args: unknown[]): Promise<unknown> {
    return this.call(args, () => Promise.resolve(undefined));
  }

  /** tend has no modules to launch. */
  launchModules(...args: unknown[]): Promise<unknown> {
    return this.call(args, () => Promise.resolve(undefined));
  }

  monitor(...args: unknown[]): Promise<unknown> {
    return this.call(args, () => noCloud('monitor'));
  }

  unmonitor(...args: unknown[]): Promise<unknown> {
    return this.call(args, () => noCloud('unmonitor'));
  }

  link(...args: unknown[]): Promise<unknown> {
    return this.call(args, () => noCloud('link'));
  }

  unlink(...args: unknown[]): Promise<unknown> {
    return this.call(args, () => noCloud('unlink'));
  }

  package(...args: unknown[]): Promise<unknown> {
    return this.call(args, () => moduleCall('package', undefined));
  }

  profile(...args: unknown[]): Promise<unknown> {
    return this.refuse('profile', args);
  }

  msgProcess(...args: unknown[]): Promise<unknown> {
    return this.refuse('msgProcess', args);
  }

  monit(...args: unknown[]): Promise<unknown> {
    return this.refuse('monit', args);
  }

  dashboard(...args: unknown[]): Promise<unknown> {
    return this.refuse('dashboard', args);
  }

  boilerplate(...args: unknown[]): Promise<unknown> {
    return this.refuse('boilerplate', args);
  }

  autoinstall(...args: unknown[]): Promise<unknown> {
    return this.refuse('autoinstall', args);
  }

  deepUpdate(...args: unknown[]): Promise<unknown> {
    return this.refuse('deepUpdate', args);
  }

  logrotate(...args: unknown[]): Promise<unknown> {
    return this.refuse('logrotate', args);
  }

  dockerMode(...args: unknown[]): Promise<unknown> {
    return this.refuse('dockerMode', args);
  }

  generateDockerfile(...args: unknown[]): Promise<unknown> {
    return this.refuse('generateDockerfile', args);
  }

  generateSample(...args: unknown[]): Promise<unknown> {
    return this.refuse('generateSample', args);
  }

  report(...args: unknown[]): Promise<unknown> {
    return this.refuse('report', args);
  }

  slist(...args: unknown[]): Promise<unknown> {
    return this.refuse('slist', args);
  }

  private refuse(call: RefusedCall, args: unknown[]): Promise<unknown> {
    return this.call(args, () => refused(call));
  }

  /** Stops the daemon and its apps; the next call starts a fresh one. */
  private async killWith(): Promise<{ stopped: number }> {
    const client = await this.session.client();
    const result = await client.request('kill', {});
    await client.waitClosed();
    // The daemon is gone (an embedded one too): drop it, then close what is left (buses).
    this.session.forget();
    await this.session.close();
    return result;
  }
}

/** PM2's `custom` class, typed with PM2's signatures. */
export const custom = API as unknown as new (options?: CustomOptions) => Pm2Api;
