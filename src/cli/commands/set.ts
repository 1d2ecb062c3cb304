// `tend set <key> <value>` / `get [key]` / `unset <key>` / `conf [key] [value]` / `multiset "k v …"` /
// `config <name> [key] [value]`: tend's own settings, in PM2's forms.
import type { Command } from 'commander';
import { TendError } from '../../errors/index.js';
import { homePaths, resolveHome } from '../../protocol/home.js';
import { readSettings, writeSettings } from '../../workspace/settings.js';
import { printLine, printNotice } from '../views/output.js';

/** PM2 keys that have no meaning in tend, with the reason shown when they are set. */
const noOpKeys: Record<string, string> = {
  'pm2:autodump':
    'autodump is unnecessary in tend: the state store is written on every change and boot (`tend startup`) restores what ran from it, apps added after `tend save` included; the dump itself changes only with `tend save`',
};

function settingsFile(): string {
  return homePaths(resolveHome()).settingsFile;
}

function show(key: string | undefined): void {
  const settings = readSettings(settingsFile());
  if (key === undefined) {
    for (const [name, value] of Object.entries(settings)) printLine(`${name}: ${value}`);
    return;
  }
  const value = settings[key];
  if (value === undefined) throw new TendError('E_SETTING_NOT_FOUND', `no setting named '${key}'`);
  printLine(value);
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
    .action((key: string, value: string) => set(key, value));
  program
    .command('get')
    .description("print tend's settings (or one)")
    .argument('[key]')
    .action((key: string | undefined) => show(key));
  program
    .command('unset')
    .description("remove one of tend's settings")
    .argument('<key>')
    .action((key: string) => {
      const file = settingsFile();
      const settings = readSettings(file);
      if (!(key in settings)) throw new TendError('E_SETTING_NOT_FOUND', `no setting named '${key}'`);
      delete settings[key];
      writeSettings(file, settings);
      printLine(`unset ${key}`);
    });
  program
    .command('conf')
    .description('get or set a setting (PM2 form)')
    .argument('[key]')
    .argument('[value]')
    .action((key: string | undefined, value: string | undefined) => (value === undefined ? show(key) : set(key ?? '', value)));
  program
    .command('multiset')
    .description('set several settings at once: "key1 value1 key2 value2"')
    .argument('<pairs>')
    .action((pairs: string) => {
      const words = pairs.trim().split(/\s+/);
      if (words.length % 2 !== 0) throw new TendError('E_USAGE', 'multiset takes pairs: "key1 value1 key2 value2"');
      for (let i = 0; i < words.length; i += 2) set(words[i] ?? '', words[i + 1] ?? '');
    });
  program
    .command('config')
    .description('PM2 module form: the settings named <name>:<key>')
    .argument('<name>')
    .argument('[key]')
    .argument('[value]')
    .action((name: string, key: string | undefined, value: string | undefined) => {
      if (key === undefined) {
        for (const [setting, current] of Object.entries(readSettings(settingsFile()))) if (setting.startsWith(`${name}:`)) printLine(`${setting}: ${current}`);
        return;
      }
      if (value === undefined) show(`${name}:${key}`);
      else set(`${name}:${key}`, value);
    });
}
