// A launchd agent (~/Library/LaunchAgents), loaded at the user's login. launchd runs nothing at shutdown: it
// sends SIGTERM to the daemon, which stops the apps itself.
import type { StartupSettings } from '../settings.js';
import { tendArgv } from './commands.js';
import { xmlText } from './quoting.js';

export function renderLaunchdPlist(settings: StartupSettings): string {
  const string = (text: string): string => `<string>${xmlText(text)}</string>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<!-- Written by `tend startup`; remove with `tend unstartup`. -->',
    '<plist version="1.0">',
    '<dict>',
    `  <key>Label</key>${string(settings.serviceName)}`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...tendArgv(settings, 'resurrect').map((word) => `    ${string(word)}`),
    '  </array>',
    '  <key>EnvironmentVariables</key>',
    '  <dict>',
    `    <key>PATH</key>${string(settings.pathEnv)}`,
    `    <key>TEND_HOME</key>${string(settings.tendHome)}`,
    '  </dict>',
    '  <key>RunAtLoad</key><true/>',
    '  <!-- `tend resurrect --boot` exits once the daemon runs; keep the daemon alive after it. -->',
    '  <key>AbandonProcessGroup</key><true/>',
    `  <key>StandardOutPath</key>${string(`${settings.tendHome}/startup.log`)}`,
    `  <key>StandardErrorPath</key>${string(`${settings.tendHome}/startup.log`)}`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}
