// The command table: names, aliases and one-line summaries, with a lazy loader per command so that
// `tend ls` loads only the list command's module. Adding a command = one row here + one module.
import type { Command } from 'commander';
import { listAliases } from './bare.js';

export interface CommandModule {
  /** Declares the command (arguments, options, action) on the program. */
  register(program: Command): void;
}

export interface CommandEntry {
  readonly name: string;
  /** The arguments it takes, as help shows them: `<file>`, `[app...]`. */
  readonly args: string;
  readonly aliases: readonly string[];
  readonly summary: string;
  readonly load: () => Promise<CommandModule>;
}

/** `usage` is the name, then the arguments: `'scale <app> <n|+n|-n>'`. */
function entry(usage: string, summary: string, load: () => Promise<CommandModule>, aliases: readonly string[] = []): CommandEntry {
  const [name = usage, ...args] = usage.split(' ');
  return { name, args: args.join(' '), aliases, summary, load };
}

export const commands: readonly CommandEntry[] = [
  entry('start [script|file|app...]', 'start a script, an ecosystem file, or known apps', () => import('./commands/start.js')),
  entry('apply [file]', 'make what runs equal an ecosystem file: plan, then apply exactly that', () => import('./commands/apply.js')),
  entry('plan [file]', 'show what apply would change, and why', () => import('./commands/plan.js')),
  entry('stop <app|id|all|file...>', 'stop apps', () => import('./commands/stop.js')),
  entry('restart <app|id|all|file...>', 'restart apps (with a file: also start missing ones and apply changes)', () => import('./commands/restart.js')),
  entry('reload <app|id|all|file...>', 'zero-downtime reload (with a file: also apply changes)', () => import('./commands/reload.js'), ['gracefulReload']),
  entry('startOrRestart <file>', 'start the apps of a file, restart the running ones', () => import('./commands/startOrRestart.js')),
  entry('startOrReload <file>', 'start the apps of a file, reload the running ones', () => import('./commands/startOrReload.js')),
  entry('startOrGracefulReload <file>', 'same as startOrReload', () => import('./commands/startOrGracefulReload.js')),
  entry('delete <app|id|all|file...>', 'stop apps and remove them', () => import('./commands/delete.js'), ['del']),
  entry('scale <app> <n|+n|-n>', 'set the number of instances of an app', () => import('./commands/scale.js')),
  entry('reset <app|id|all...>', 'zero the restart counters of apps', () => import('./commands/reset.js')),
  entry('sendSignal <signal> <app|id...>', 'send a signal to an app', () => import('./commands/sendSignal.js')),
  entry('list [file]', 'list apps (status FILE: compare a file with what runs)', () => import('./commands/list.js'), listAliases),
  entry('jlist', 'the process list as JSON (PM2 shape)', () => import('./commands/jlist.js')),
  entry('prettylist', 'the process list as a Node object literal', () => import('./commands/prettylist.js')),
  entry('show <app|id>', 'details of an app', () => import('./commands/show.js'), ['describe', 'desc', 'info']),
  entry('monit', 'live dashboard: processes, metrics, logs', () => import('./commands/monit.js'), ['dashboard', 'dash', 'imonit']),
  entry('env <id>', 'the environment of a process', () => import('./commands/env.js')),
  entry('pid [app]', 'pids of an app', () => import('./commands/pid.js')),
  entry('id <app>', 'ids of an app', () => import('./commands/id.js')),
  entry('history <app>', 'applied revisions of an app', () => import('./commands/history.js')),
  entry('rollback <app>', 'apply an earlier revision of an app', () => import('./commands/rollback.js')),
  entry('save', 'save the app list for resurrect', () => import('./commands/save.js'), ['dump']),
  entry('resurrect', 'start the saved apps that are not running', () => import('./commands/resurrect.js')),
  entry('cleardump', 'empty the saved app list', () => import('./commands/cleardump.js')),
  entry('logs [app|id|all|/regex/]', 'show and follow app logs', () => import('./commands/logs.js'), ['log']),
  entry('flush [app...]', 'empty log files', () => import('./commands/flush.js')),
  entry('reloadLogs', 'reopen log files', () => import('./commands/reloadLogs.js')),
  entry('serve [path] [port]', 'serve static files as a managed app', () => import('./commands/serve.js'), ['expose']),
  entry('web', 'serve the web console: apps, history, logs and actions in a browser', () => import('./commands/web.js')),
  entry('set <key> <value>', "set one of tend's settings", () => import('./commands/set.js')),
  entry('get [key]', "print tend's settings", () => import('./commands/set.js')),
  entry('unset <key>', "remove one of tend's settings", () => import('./commands/set.js')),
  entry('conf [key] [value]', 'get or set a setting', () => import('./commands/set.js')),
  entry('multiset <pairs>', 'set several settings at once', () => import('./commands/set.js')),
  entry('config <name> [key] [value]', 'get or set the settings of a name (PM2 module form)', () => import('./commands/set.js')),
  entry('report', 'versions, machine, home and apps for a bug report', () => import('./commands/sysinfo.js')),
  entry('slist', 'system information as JSON', () => import('./commands/sysinfo.js'), ['sysinfos']),
  entry('install <module>', 'PM2 modules: says what tend has built in (pm2-logrotate)', () => import('./commands/install.js'), ['module:install']),
  entry('link', 'PM2 Plus cloud: tend has none (does nothing)', () => import('./commands/cloud.js')),
  entry('unlink', 'PM2 Plus cloud: tend has none (does nothing)', () => import('./commands/cloud.js')),
  entry('plus', 'PM2 Plus cloud: tend has none (does nothing)', () => import('./commands/cloud.js')),
  entry('monitor', 'PM2 Plus cloud: tend has none (does nothing)', () => import('./commands/cloud.js')),
  entry('unmonitor', 'PM2 Plus cloud: tend has none (does nothing)', () => import('./commands/cloud.js')),
  entry('pull <app> [commit]', "git pull the app's checkout and reload it", () => import('./commands/pull.js')),
  entry('forward <app>', "move the app's checkout one commit ahead and reload it", () => import('./commands/pull.js')),
  entry('backward <app>', "move the app's checkout one commit back and reload it", () => import('./commands/pull.js')),
  entry('send <target> <line...>', "write a line to an app's stdin", () => import('./commands/send.js')),
  entry('attach <target>', "an app's output here, what you type to its stdin", () => import('./commands/send.js')),
  entry('inspect <targets...>', "open the Node inspector of an app's processes", () => import('./commands/inspect.js')),
  entry('profile:cpu <app>', 'record a CPU profile of a Node app for Chrome DevTools', () => import('./commands/profile.js')),
  entry('profile:mem <app>', 'record a heap profile (or --snapshot) of a Node app for Chrome DevTools', () => import('./commands/profile.js')),
  entry('completion [shell]', 'print a bash or zsh completion script', () => import('./commands/completion.js')),
  entry('ping', 'make sure the daemon runs', () => import('./commands/ping.js')),
  entry('kill', 'stop every app and the daemon', () => import('./commands/kill.js')),
  entry('update', 'restart the daemon with this version, keeping the apps', () => import('./commands/update.js'), ['updatePM2']),
  entry('sync <action>', 'keep apps equal to an ecosystem file in git: add, status, now, rollback, webhook, push hook', () => import('./commands/sync.js')),
  entry('validate [file]', 'check an ecosystem file: valid or not, its apps, its warnings', () => import('./commands/validate.js')),
  entry('startup [platform]', 'write a boot script that resurrects the saved apps at boot', () => import('./commands/startup.js')),
  entry('unstartup [platform]', 'remove the boot script written by startup', () => import('./commands/unstartup.js')),
  entry('deploy <env> [action]', 'deploy over SSH: setup, update, revert, curr, prev, list, exec', () => import('./commands/deploy.js')),
  entry('export <target> [file]', 'render the ecosystem file for Kubernetes, Nomad, Compose or systemd', () => import('./commands/export.js')),
  entry('import <from>', "take over PM2's saved apps (`tend import pm2`), or write them as an ecosystem file", () => import('./commands/import.js')),
  entry('init', 'write a commented ecosystem file for the app in this folder', () => import('./commands/init.js'), ['ecosystem']),
];

export function findCommand(word: string): CommandEntry | undefined {
  return commands.find((command) => command.name === word || command.aliases.includes(word));
}
