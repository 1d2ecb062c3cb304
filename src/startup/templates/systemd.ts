// A systemd service unit. Type=forking: `tend resurrect --boot` starts the daemon, which detaches and writes
// TEND_HOME/tend.pid, then exits; systemd then watches that pid and restarts the service if the daemon dies.
import type { StartupSettings } from '../settings.js';
import { tendArgv } from './commands.js';
import { systemdCommand, systemdValue, systemdWord } from './quoting.js';

export function renderSystemdUnit(settings: StartupSettings): string {
  const network = settings.waitIp ? ['Wants=network-online.target', 'After=network-online.target'] : ['After=network.target'];
  return [
    '# Written by `tend startup`; remove with `tend unstartup`.',
    '[Unit]',
    `Description=${oneLine(`tend process manager for ${settings.user} (TEND_HOME=${settings.tendHome})`)}`,
    ...network,
    '',
    '[Service]',
    'Type=forking',
    `User=${systemdValue(settings.user)}`,
    'LimitNOFILE=infinity',
    'LimitNPROC=infinity',
    'LimitCORE=infinity',
    `Environment=${systemdWord(`PATH=${settings.pathEnv}`, false)}`,
    `Environment=${systemdWord(`TEND_HOME=${settings.tendHome}`, false)}`,
    `PIDFile=${systemdValue(`${settings.tendHome}/tend.pid`)}`,
    'Restart=on-failure',
    '',
    `ExecStart=${systemdCommand(tendArgv(settings, 'resurrect'))}`,
    `ExecReload=${systemdCommand(tendArgv(settings, 'reload'))}`,
    `ExecStop=${systemdCommand(tendArgv(settings, 'kill'))}`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

function oneLine(text: string): string {
  return systemdValue(text.replace(/\s+/g, ' '));
}
