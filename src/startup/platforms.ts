// The init systems tend can write boot scripts for, the names PM2 users pass for them, and detection.
import { TendError } from '../errors/index.js';

export const platforms = ['systemd', 'upstart', 'launchd', 'openrc', 'rcd', 'systemv'] as const;
export type Platform = (typeof platforms)[number];

/** PM2's platform names and aliases (distribution names) → the init system they mean. */
const platformNames: Readonly<Record<string, Platform>> = {
  systemd: 'systemd',
  ubuntu: 'systemd',
  centos: 'systemd',
  arch: 'systemd',
  oracle: 'systemd',
  upstart: 'upstart',
  ubuntu14: 'upstart',
  ubuntu12: 'upstart',
  launchd: 'launchd',
  macos: 'launchd',
  darwin: 'launchd',
  openrc: 'openrc',
  rcd: 'rcd',
  freebsd: 'rcd',
  systemv: 'systemv',
  amazon: 'systemv',
  centos6: 'systemv',
};

/** The first of these tools found on PATH names the init system (PM2's order). */
const detectionOrder: ReadonlyArray<readonly [tool: string, platform: Platform]> = [
  ['systemctl', 'systemd'],
  ['update-rc.d', 'upstart'],
  ['chkconfig', 'systemv'],
  ['rc-update', 'openrc'],
  ['launchctl', 'launchd'],
  ['sysrc', 'rcd'],
];

export function platformFromName(name: string): Platform {
  const platform = platformNames[name.toLowerCase()];
  if (platform === undefined) {
    throw new TendError('E_STARTUP_PLATFORM', `unknown platform '${name}'`, {
      hint: `Use one of: ${Object.keys(platformNames).join(', ')}.`,
    });
  }
  return platform;
}

export function detectPlatform(hasCommand: (tool: string) => boolean): Platform {
  const found = detectionOrder.find(([tool]) => hasCommand(tool));
  if (found === undefined) {
    throw new TendError('E_STARTUP_PLATFORM', `no known init system found (looked for ${detectionOrder.map(([tool]) => tool).join(', ')} on PATH)`);
  }
  return found[1];
}
