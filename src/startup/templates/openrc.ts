// An OpenRC service script for /etc/init.d (enabled with rc-update).
import type { StartupSettings } from '../settings.js';
import { tendShellPrefix, verbWords } from './commands.js';
import { runAsUserFunction } from './init-script.js';
import { shellWord } from './quoting.js';

export function renderOpenrcScript(settings: StartupSettings): string {
  return [
    '#!/sbin/openrc-run',
    '# Written by `tend startup`; remove with `tend unstartup`.',
    `description=${shellWord(`tend process manager for ${settings.user}`)}`,
    'extra_started_commands="reload"',
    `TEND_USER=${shellWord(settings.user)}`,
    `TEND=${shellWord(tendShellPrefix(settings))}`,
    '',
    'depend() {',
    `  ${settings.waitIp ? 'need net' : 'use net'}`,
    '  after localmount',
    '}',
    '',
    ...runAsUserFunction(),
    '',
    'start() {',
    '  ebegin "Resurrecting tend apps"',
    `  run_as_user "$TEND ${verbWords('resurrect')}"`,
    '  eend $?',
    '}',
    '',
    'stop() {',
    '  ebegin "Stopping tend"',
    `  run_as_user "$TEND ${verbWords('kill')}"`,
    '  eend $?',
    '}',
    '',
    'reload() {',
    '  ebegin "Reloading tend apps"',
    '  run_as_user "$TEND reload all"',
    '  eend $?',
    '}',
    '',
  ].join('\n');
}
