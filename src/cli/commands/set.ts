// `tend set <key> <value>` / `get [key]` / `unset <key>` / `conf [key] [value]` / `multiset "k v …"` /
// `config <name> [key] [value]`: tend's own settings, in PM2's forms. A setting named after an app
// (`<app>.<key>` or `<app>:<key>`) is an env var of that app: the daemon adds it when a process of
// the app starts, and changing it restarts the app, as `pm2 set` does.
import type { Command } from 'commander';
import { TendError, asTendError } from '../../errors/index.js';
import { homePaths, resolveHome } from '../../protocol/home.js';
import { readSettings, writeSettings } from '../../workspace/settings.js';
import { withDaemon } from '../daemon-session.js';
import { printActionResult } from '../views/actions.js';
import { printLine, printNotice } from '../views/output.js';

/** PM2 keys that have no meaning in tend, with the reason shown when they are set. */
const noOpKeys: Record<string, string> = {
  'pm2:autodump':
    'autodump is unnecessary in tend: the state store is written on every change and boot (`tend startup`) restores what ran from it, apps added after `tend save` included; the dump itself changes only with `tend save`',
};

function settingsFile(): string {
  return homePaths(resolveHome()).settingsFile;
}

/** Whether a setting belongs to the app `name`: `name.key` or `name:key`. */
function belongsTo(key: string, name: string): boolean {
  const separator = key.charAt(name.length);
  return key.length > name.length + 1 && key.startsWith(name) && (separator === '.' || separator === ':');
}

function show(key: string | undefined): void {
  const settings = readSettings(settingsFile());
  if (key === undefined) {
    for (const [name, value] of Object.entries(settings)) printLine(`${name}: ${value}`);
    return;
  }
  const value = settings[key];
  if (value !== undefined) return printLine(value);
  // PM2's `get <app>`: the settings of that app.
  const ofApp = Object.entries(settings).filter(([name]) => belongsTo(name, key));
  if (ofApp.length === 0) throw new TendError('E_SETTING_NOT_FOUND', `no setting named '${key}'`);
  for (const [name, current] of ofApp) printLine(`${name}: ${current}`);
}

/** Restarts the apps the changed settings belong to, so their env has the new values (when a daemon runs). */
async function restartAppsOf(keys: readonly string[]): Promise<void> {
  try {
    await withDaemon(
      async (client) => {
        const names = new Set((await client.request('list', {})).map((record) => record.name));
        const apps = [...names].filter((name) => keys.some((key) => belongsTo(key, name)));
        for (const app of apps) printActionResult('restarted', await client.request('restart', { targets: [app] }));
      },
      { autoStart: false },
    );
  } catch (error) {
    if (asTendError(error).code !== 'E_DAEMON_NOT_RUNNING') throw error;
  }
}

function set(key: string, value: string): void {
  const file = settingsFile();
  writeSettings(file, { ...readSettings(file), [key]: value });
  const note = noOpKeys[key];
  if (note) printNotice(`note: ${note}`);
  printLine(`${key}: ${value}`);
}

export function register(program: Command): void {
  program
    .command('set')
    .description("set one of tend's settings")
    .argument('<key>')
    .argument('<value>')
    .action(async (key: string, value: string) => {
      set(key, value);
      await restartAppsOf([key]);
    });
  program
    .command('get')
    .description("print tend's settings (or one)")
    .argument('[key]')
    .action((key: string | undefined) => show(key));
  program
    .command('unset')
    .description("remove one of tend's settings")
    .argument('<key>')
    .action(async (key: string) => {
      const file = settingsFile();
      const settings = readSettings(file);
      // PM2's `unset <app>` removes every setting of the app.
      const keys = key in settings ? [key] : Object.keys(settings).filter((name) => belongsTo(name, key));
      // As PM2: removing what is not there is not an error (scripts start with `pm2 unset <app>`).
      if (keys.length === 0) return printNotice(`no setting named '${key}': nothing to unset`);
      for (const name of keys) delete settings[name];
      writeSettings(file, settings);
      printLine(`unset ${keys.join(', ')}`);
      await restartAppsOf(keys);
    });
  program
    .command('conf')
    .description('get or set a setting (PM2 form)')
    .argument('[key]')
    .argument('[value]')
    .action(async (key: string | undefined, value: string | undefined) => {
      if (value === undefined) return show(key);
      set(key ?? '', value);
      await restartAppsOf([key ?? '']);
    });
  program
    .command('multiset')
    .description('set several settings at once: "key1 value1 key2 value2"')
    .argument('<pairs>')
    .action(async (pairs: string) => {
      const words = pairs.trim().split(/\s+/);
      if (words.length % 2 !== 0) throw new TendError('E_USAGE', 'multiset takes pairs: "key1 value1 key2 value2"');
      const keys: string[] = [];
      for (let i = 0; i < words.length; i += 2) {
        keys.push(words[i] ?? '');
        set(words[i] ?? '', words[i + 1] ?? '');
      }
      await restartAppsOf(keys);
    });
  program
    .command('config')
    .description('PM2 module form: the settings named <name>:<key>')
    .argument('<name>')
    .argument('[key]')
    .argument('[value]')
    .action(async (name: string, key: string | undefined, value: string | undefined) => {
      if (key === undefined) {
        for (const [setting, current] of Object.entries(readSettings(settingsFile()))) if (setting.startsWith(`${name}:`)) printLine(`${setting}: ${current}`);
        return;
      }
      if (value === undefined) return show(`${name}:${key}`);
      set(`${name}:${key}`, value);
      await restartAppsOf([`${name}:${key}`]);
    });
}
