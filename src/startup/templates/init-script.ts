// An LSB init script for /etc/init.d, used by `upstart` (enabled with update-rc.d, as PM2 does) and by
// `systemv` (chkconfig). It runs tend as the configured user with that user's TEND_HOME.
import type { StartupSettings } from '../settings.js';
import { tendShellPrefix, verbWords } from './commands.js';
import { shellWord } from './quoting.js';

export function renderInitScript(settings: StartupSettings): string {
  const network = settings.waitIp ? '$network $named' : '$network';
  return [
    '#!/bin/sh',
    '# Written by `tend startup`; remove with `tend unstartup`.',
    '### BEGIN INIT INFO',
    `# Provides:          ${settings.serviceName}`,
    `# Required-Start:    $local_fs $remote_fs ${network}`,
    `# Required-Stop:     $local_fs $remote_fs ${network}`,
    '# Default-Start:     2 3 4 5',
    '# Default-Stop:      0 1 6',
    '# Short-Description: tend process manager',
    `# Description:       Resurrects the apps ${settings.user} saved with \`tend save\` at boot and stops them at shutdown.`,
    '### END INIT INFO',
    '# chkconfig: 2345 98 02',
    '# description: tend process manager',
    '',
    `TEND_USER=${shellWord(settings.user)}`,
    `TEND=${shellWord(tendShellPrefix(settings))}`,
    '',
    ...runAsUserFunction(),
    '',
    'case "$1" in',
    `  start) run_as_user "$TEND ${verbWords('resurrect')}" ;;`,
    `  stop) run_as_user "$TEND ${verbWords('kill')}" ;;`,
    '  restart) "$0" stop; "$0" start ;;',
    '  reload|force-reload) run_as_user "$TEND reload all" ;;',
    '  status) run_as_user "$TEND list" ;;',
    '  *) echo "Usage: $0 {start|stop|restart|reload|status}" >&2; exit 3 ;;',
    'esac',
    '',
  ].join('\n');
}

/** Runs a command line as TEND_USER: directly when already that user, else through su. */
export function runAsUserFunction(): string[] {
  return [
    'run_as_user() {',
    '  if [ "$(id -un)" = "$TEND_USER" ]; then',
    '    /bin/sh -c "$1"',
    '  else',
    '    su "$TEND_USER" -s /bin/sh -c "$1"',
    '  fi',
    '}',
  ];
}
