// Where each platform's boot script goes and which init-tool commands enable or disable it. Pure: the
// rendering and the commands are data, carried out by install.ts (or only printed).
import { join } from 'node:path';
import type { StartupRequest, StartupSettings } from './settings.js';
import { renderInitScript } from './templates/init-script.js';
import { renderLaunchdPlist } from './templates/launchd.js';
import { renderOpenrcScript } from './templates/openrc.js';
import { rcdName, renderRcdScript } from './templates/rcd.js';
import { renderSystemdUnit } from './templates/systemd.js';
import { shellCommand, shellWord } from './templates/quoting.js';

export interface StartupFile {
  readonly path: string;
  readonly content: string;
  readonly mode: number;
}

export interface StartupPlan {
  readonly settings: StartupSettings;
  readonly file: StartupFile;
  /** Run after writing the file, in order. */
  readonly enable: readonly (readonly string[])[];
  /** Run before removing the file, in order. */
  readonly disable: readonly (readonly string[])[];
  /** Run after removing the file (systemd forgets the unit). */
  readonly afterRemove: readonly (readonly string[])[];
  /** launchd agents live in the user's home; every other platform writes system folders. */
  readonly needsRoot: boolean;
}

export function planStartup(settings: StartupSettings): StartupPlan {
  const { serviceName: name } = settings;
  const base = { settings, needsRoot: true, afterRemove: [] };
  switch (settings.platform) {
    case 'systemd':
      return {
        ...base,
        file: { path: `/etc/systemd/system/${name}.service`, content: renderSystemdUnit(settings), mode: 0o644 },
        enable: [
          ['systemctl', 'daemon-reload'],
          ['systemctl', 'enable', `${name}.service`],
        ],
        disable: [['systemctl', 'disable', `${name}.service`]],
        afterRemove: [['systemctl', 'daemon-reload']],
      };
    case 'upstart':
      return {
        ...base,
        file: { path: `/etc/init.d/${name}`, content: renderInitScript(settings), mode: 0o755 },
        enable: [['update-rc.d', name, 'defaults']],
        disable: [['update-rc.d', '-f', name, 'remove']],
      };
    case 'systemv':
      return {
        ...base,
        file: { path: `/etc/init.d/${name}`, content: renderInitScript(settings), mode: 0o755 },
        enable: [
          ['chkconfig', '--add', name],
          ['chkconfig', name, 'on'],
        ],
        disable: [
          ['chkconfig', name, 'off'],
          ['chkconfig', '--del', name],
        ],
      };
    case 'openrc':
      return {
        ...base,
        file: { path: `/etc/init.d/${name}`, content: renderOpenrcScript(settings), mode: 0o755 },
        enable: [['rc-update', 'add', name, 'default']],
        disable: [['rc-update', 'delete', name, 'default']],
      };
    case 'rcd':
      return {
        ...base,
        file: { path: `/usr/local/etc/rc.d/${rcdName(name)}`, content: renderRcdScript(settings), mode: 0o755 },
        enable: [['sysrc', `${rcdName(name)}_enable=YES`]],
        disable: [['sysrc', '-x', `${rcdName(name)}_enable`]],
      };
    case 'launchd': {
      const path = join(settings.home, 'Library', 'LaunchAgents', `${name}.plist`);
      return {
        ...base,
        needsRoot: false,
        file: { path, content: renderLaunchdPlist(settings), mode: 0o644 },
        enable: [['launchctl', 'load', '-w', path]],
        disable: [['launchctl', 'unload', '-w', path]],
      };
    }
  }
}

/**
 * The command a non-root user runs instead (as PM2 prints it): sudo resets PATH and drops TEND_HOME,
 * so both are passed explicitly, with the user and home the script is meant for.
 */
export function sudoCommand(verb: 'startup' | 'unstartup', plan: StartupPlan, request: StartupRequest): string {
  const { settings } = plan;
  const args: string[] = [settings.nodePath, settings.tendBin, verb, settings.platform, '-u', settings.user, '--hp', settings.home];
  if (request.serviceName !== undefined) args.push('--service-name', settings.serviceName);
  if (settings.waitIp && verb === 'startup') args.push('--wait-ip');
  return `sudo env PATH=${shellWord(settings.pathEnv)} TEND_HOME=${shellWord(settings.tendHome)} ${shellCommand(args)}`;
}
