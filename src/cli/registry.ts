// The command table: names, aliases and one-line summaries, with a lazy loader per command so that
// `tend ls` loads only the list command's module. Adding a command = one row here + one module.
import type { Command } from 'commander';

export interface CommandModule {
  /** Declares the command (arguments, options, action) on the program. */
  register(program: Command): void;
  /** Runs the command given with no arguments, without commander (for the commands run most often). */
  runBare?: () => Promise<void>;
}

export interface CommandEntry {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly summary: string;
  readonly load: () => Promise<CommandModule>;
}

function entry(name: string, summary: string, load: () => Promise<CommandModule>, aliases: readonly string[] = []): CommandEntry {
  return { name, aliases, summary, load };
}

export const commands: readonly CommandEntry[] = [
  entry('start', 'start a script, an ecosystem file, or known apps', () => import('./commands/start.js')),
  entry('apply', 'make what runs equal an ecosystem file: plan, then apply exactly that', () => import('./commands/apply.js')),
  entry('plan', 'show what apply would change, and why', () => import('./commands/plan.js')),
  entry('stop', 'stop apps', () => import('./commands/stop.js')),
  entry('restart', 'restart apps (with a file: also start missing ones and apply changes)', () => import('./commands/restart.js')),
  entry('reload', 'zero-downtime reload (with a file: also apply changes)', () => import('./commands/reload.js'), ['gracefulReload']),
  entry('startOrRestart', 'start the apps of a file, restart the running ones', () => import('./commands/startOrRestart.js')),
  entry('startOrReload', 'start the apps of a file, reload the running ones', () => import('./commands/startOrReload.js')),
  entry('startOrGracefulReload', 'same as startOrReload', () => import('./commands/startOrGracefulReload.js')),
  entry('delete', 'stop apps and remove them', () => import('./commands/delete.js'), ['del']),
  entry('scale', 'set the number of instances of an app', () => import('./commands/scale.js')),
  entry('reset', 'zero the restart counters of apps', () => import('./commands/reset.js')),
  entry('sendSignal', 'send a signal to an app', () => import('./commands/sendSignal.js')),
  entry('list', 'list apps (status FILE: compare a file with what runs)', () => import('./commands/list.js'), ['ls', 'l', 'ps', 'status']),
  entry('jlist', 'the process list as JSON (PM2 shape)', () => import('./commands/jlist.js')),
  entry('prettylist', 'the process list as a Node object literal', () => import('./commands/prettylist.js')),
  entry('show', 'details of an app', () => import('./commands/show.js'), ['describe', 'desc', 'info']),
  entry('monit', 'live dashboard: processes, metrics, logs', () => import('./commands/monit.js'), ['dashboard', 'dash', 'imonit']),
  entry('env', 'the environment of a process', () => import('./commands/env.js')),
  entry('pid', 'pids of an app', () => import('./commands/pid.js')),
  entry('id', 'ids of an app', () => import('./commands/id.js')),
  entry('history', 'applied revisions of an app', () => import('./commands/history.js')),
  entry('rollback', 'apply an earlier revision of an app', () => import('./commands/rollback.js')),
  entry('save', 'save the app list for resurrect', () => import('./commands/save.js'), ['dump']),
  entry('resurrect', 'start the saved apps that are not running', () => import('./commands/resurrect.js')),
  entry('cleardump', 'empty the saved app list', () => import('./commands/cleardump.js')),
  entry('logs', 'show and follow app logs', () => import('./commands/logs.js'), ['log']),
  entry('flush', 'empty log files', () => import('./commands/flush.js')),
  entry('reloadLogs', 'reopen log files', () => import('./commands/reloadLogs.js')),
  entry('serve', 'serve static files as a managed app', () => import('./commands/serve.js'), ['expose']),
  entry('set', "set one of tend's settings", () => import('./commands/set.js')),
  entry('get', "print tend's settings", () => import('./commands/set.js')),
  entry('unset', "remove one of tend's settings", () => import('./commands/set.js')),
  entry('conf', 'get or set a setting', () => import('./commands/set.js')),
  entry('multiset', 'set several settings at once', () => import('./commands/set.js')),
  entry('config', 'get or set the settings of a name (PM2 module form)', () => import('./commands/set.js')),
  entry('report', 'versions, machine, home and apps for a bug report', () => import('./commands/sysinfo.js')),
  entry('slist', 'system information as JSON', () => import('./commands/sysinfo.js'), ['sysinfos']),
  entry('install', 'PM2 modules: says what tend has built in (pm2-logrotate)', () => import('./commands/install.js'), ['module:install']),
  entry('link', 'PM2 Plus cloud: tend has none (does nothing)', () => import('./commands/cloud.js')),
  entry('unlink', 'PM2 Plus cloud: tend has none (does nothing)', () => import('./commands/cloud.js')),
  entry('plus', 'PM2 Plus cloud: tend has none (does nothing)', () => import('./commands/cloud.js')),
  entry('monitor', 'PM2 Plus cloud: tend has none (does nothing)', () => import('./commands/cloud.js')),
  entry('unmonitor', 'PM2 Plus cloud: tend has none (does nothing)', () => import('./commands/cloud.js')),
  entry('pull', "git pull the app's checkout and reload it", () => import('./commands/pull.js')),
  entry('forward', "move the app's checkout one commit ahead and reload it", () => import('./commands/pull.js')),
  entry('backward', "move the app's checkout one commit back and reload it", () => import('./commands/pull.js')),
  entry('send', "write a line to an app's stdin", () => import('./commands/send.js')),
  entry('attach', "an app's output here, what you type to its stdin", () => import('./commands/send.js')),
  entry('inspect', "open the Node inspector of an app's processes", () => import('./commands/inspect.js')),
  entry('completion', 'print a bash or zsh completion script', () => import('./commands/completion.js')),
  entry('ping', 'make sure the daemon runs', () => import('./commands/ping.js')),
  entry('kill', 'stop every app and the daemon', () => import('./commands/kill.js')),
  entry('update', 'restart the daemon with this version, keeping the apps', () => import('./commands/update.js')),
  entry('sync', 'keep apps equal to an ecosystem file in git: add, status, now, rollback, webhook, push hook', () => import('./commands/sync.js')),
  entry('validate', 'check an ecosystem file and print its normalized apps', () => import('./commands/validate.js')),
  entry('startup', 'write a boot script that resurrects the saved apps at boot', () => import('./commands/startup.js')),
  entry('unstartup', 'remove the boot script written by startup', () => import('./commands/unstartup.js')),
  entry('deploy', 'deploy over SSH: setup, update, revert, curr, prev, list, exec', () => import('./commands/deploy.js')),
  entry('import', "take over PM2's saved apps (`tend import pm2`), or write them as an ecosystem file", () => import('./commands/import.js')),
  entry('init', 'write a commented ecosystem file for the app in this folder', () => import('./commands/init.js'), ['ecosystem']),
];

export function findCommand(word: string): CommandEntry | undefined {
  return commands.find((command) => command.name === word || command.aliases.includes(word));
}
