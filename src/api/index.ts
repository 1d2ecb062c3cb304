// The programmatic API, PM2's: `import pm2 from 'tend-pm'`, `import * as pm2 from 'tend-pm'` or
// `const pm2 = require('tend-pm')` (Node's require of ES modules, on every Node version tend supports).
// Every call takes PM2's arguments and callback and also returns a promise; `custom` makes instances
// with their own cwd, home and daemon mode. Calls go through the daemon protocol (src/client).
import { custom } from './api.js';
import type { Pm2Api } from './signatures.js';

const pm2: Pm2Api = new custom();

/** A method of the default instance, bound so that `const { start } = require('tend-pm')` works. */
function bound<K extends keyof Pm2Api>(key: K): Pm2Api[K] {
  const method = pm2[key] as unknown as (...args: unknown[]) => unknown;
  return method.bind(pm2) as Pm2Api[K];
}

export default pm2;
export { custom };
export const pm2_home = pm2.pm2_home;
export const daemon_mode = pm2.daemon_mode;
export const cwd = pm2.cwd;

export const connect = bound('connect');
export const disconnect = bound('disconnect');
export const close = bound('close');
export const destroy = bound('destroy');
export const start = bound('start');
export const stop = bound('stop');
export const restart = bound('restart');
export const reload = bound('reload');
const del = bound('delete');
export { del as delete, del };
export const reset = bound('reset');
export const scale = bound('scale');
export const killDaemon = bound('killDaemon');
export const kill = bound('kill');
export const list = bound('list');
export const describe = bound('describe');
export const getProcessIdByName = bound('getProcessIdByName');
export const getPID = bound('getPID');
export const env = bound('env');
export const ping = bound('ping');
export const getVersion = bound('getVersion');
export const dump = bound('dump');
export const resurrect = bound('resurrect');
export const clearDump = bound('clearDump');
export const startup = bound('startup');
export const uninstallStartup = bound('uninstallStartup');
export const flush = bound('flush');
export const reloadLogs = bound('reloadLogs');
export const launchBus = bound('launchBus');
export const sendDataToProcessId = bound('sendDataToProcessId');
export const sendSignalToProcessName = bound('sendSignalToProcessName');
export const sendSignalToProcessId = bound('sendSignalToProcessId');
export const trigger = bound('trigger');
export const get = bound('get');
export const set = bound('set');
export const unset = bound('unset');
export const install = bound('install');
export const uninstall = bound('uninstall');
export const publish = bound('publish');
export const generateModuleSample = bound('generateModuleSample');
const pack = bound('package');
export { pack as package };
export const printLogs = bound('printLogs');
export const streamLogs = bound('streamLogs');
export const sendLineToStdin = bound('sendLineToStdin');
export const attach = bound('attach');
export const inspect = bound('inspect');
export const multiset = bound('multiset');
export const conf = bound('conf');
export const pullAndReload = bound('pullAndReload');
export const pullAndRestart = bound('pullAndRestart');
export const pullCommitId = bound('pullCommitId');
export const _pullCommitId = bound('_pullCommitId');
export const forward = bound('forward');
export const backward = bound('backward');
export const deploy = bound('deploy');
export const serve = bound('serve');
export const gracefulReload = bound('gracefulReload');
export const update = bound('update');
export const _jsonStartOrAction = bound('_jsonStartOrAction');
export const _startJson = bound('_startJson');
export const actionFromJson = bound('actionFromJson');
export const launchSysMonitoring = bound('launchSysMonitoring');
export const launchModules = bound('launchModules');
export const monitor = bound('monitor');
export const unmonitor = bound('unmonitor');
export const link = bound('link');
export const unlink = bound('unlink');
export const profile = bound('profile');
export const msgProcess = bound('msgProcess');
export const monit = bound('monit');
export const dashboard = bound('dashboard');
export const boilerplate = bound('boilerplate');
export const autoinstall = bound('autoinstall');
export const deepUpdate = bound('deepUpdate');
export const logrotate = bound('logrotate');
export const dockerMode = bound('dockerMode');
export const generateDockerfile = bound('generateDockerfile');
export const generateSample = bound('generateSample');
export const report = bound('report');
export const slist = bound('slist');
export const plan = bound('plan');
export const apply = bound('apply');

export type { Pm2Api };
export type * from './types.js';
export { TendError } from '../errors/index.js';
