// `tend set <key> <value>` / `get [key]` / `unset <key>` / `conf [key] [value]`: tend's own settings.
import type { Command } from 'commander';
import { TendError } from '../../errors/index.js';
import { homePaths, resolveHome } from '../../protocol/home.js';
import { readSettings, writeSettings } from '../../workspace/settings.js';
import { printLine, printNotice } from '../views/output.js';

/** PM2 keys that have no meaning in tend, with the reason shown when they are set. */
const noOpKeys: Record<string, string> = {
  'pm2:autodump': 'autodump is unnecessary in tend: the state store is written on every change and boot (`tend startup`) restores what ran from it, apps added after `tend save` included; the dump itself changes only with `tend save`',
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
  program.command('set').description("set one of tend's settings").argument('<key>').argument('<value>').action((key: string, value: string) => set(key, value));
  program.command('get').description("print tend's settings (or one)").argument('[key]').action((key: string | undefined) => show(key));
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
}
