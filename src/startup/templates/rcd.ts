// A FreeBSD rc.d script for /usr/local/etc/rc.d (enabled with sysrc <name>_enable=YES).
import type { StartupSettings } from '../settings.js';
import { tendShellPrefix, verbWords } from './commands.js';
import { shellWord } from './quoting.js';

/** rc.d names become shell variable names (<name>_enable), so only [A-Za-z0-9_]. */
export function rcdName(serviceName: string): string {
  return serviceName.replace(/[^A-Za-z0-9_]/g, '_');
}

export function renderRcdScript(settings: StartupSettings): string {
  const name = rcdName(settings.serviceName);
  const run = (args: string): string => `su -m "$tend_user" -c "$tend_command ${args}"`;
  return [
    '#!/bin/sh',
    '# Written by `tend startup`; remove with `tend unstartup`.',
    '#',
    `# PROVIDE: ${name}`,
    `# REQUIRE: LOGIN${settings.waitIp ? ' NETWORKING' : ''}`,
    '# KEYWORD: shutdown',
    '',
    '. /etc/rc.subr',
    '',
    `name=${name}`,
    `rcvar=${name}_enable`,
    `start_cmd="${name}_start"`,
    `stop_cmd="${name}_stop"`,
    `reload_cmd="${name}_reload"`,
    `status_cmd="${name}_status"`,
    'extra_commands="reload status"',
    `tend_user=${shellWord(settings.user)}`,
    `tend_command=${shellWord(tendShellPrefix(settings))}`,
    '',
    `${name}_start() { ${run(verbWords('resurrect'))}; }`,
    `${name}_stop() { ${run(verbWords('kill'))}; }`,
    `${name}_reload() { ${run(verbWords('reload'))}; }`,
    `${name}_status() { ${run(verbWords('list'))}; }`,
    '',
    'load_rc_config $name',
    `: \${${name}_enable:="NO"}`,
    '',
    'run_rc_command "$1"',
    '',
  ].join('\n');
}
