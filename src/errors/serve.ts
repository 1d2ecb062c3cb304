// Codes of the static file server (src/serve), boot scripts (src/startup) and `tend init`.
import type { ErrorEntry } from './index.js';

export const serveErrors = {
  E_SERVE_CONFIG: {
    summary: 'The static file server was given settings it cannot use (root folder, port, host, basic auth).',
    hint: 'Check TEND_SERVE_PATH / TEND_SERVE_PORT / TEND_SERVE_HOST and set both basic-auth username and password, or neither (docs/serve.md).',
  },
  E_SERVE_LISTEN: {
    summary: 'The static file server could not listen on its address.',
    hint: 'Pick a free port (TEND_SERVE_PORT) or stop whatever holds it; ports below 1024 need root.',
  },
  E_STARTUP_PLATFORM: {
    summary: 'The init system is unknown or could not be detected.',
    hint: 'Name it: `tend startup systemd|upstart|launchd|openrc|rcd|systemv` (docs/startup.md).',
  },
  E_STARTUP_USER: {
    summary: 'The user the boot script should run as could not be determined.',
    hint: 'Pass it with `-u <user>` and their home with `--hp <home>`.',
  },
  E_STARTUP_NEEDS_ROOT: {
    summary: 'Writing a boot script needs root.',
    hint: 'Run the printed sudo command, or add --print to only see the script.',
  },
  E_STARTUP_TOOL_FAILED: {
    summary: 'The init system tool (systemctl, update-rc.d, chkconfig, rc-update, sysrc, launchctl) failed.',
    hint: 'Read its output above; the boot script file was written and can be enabled by hand.',
  },
  E_STARTUP_NOT_INSTALLED: {
    summary: 'There is no tend boot script to remove for this service name and platform.',
    hint: 'Pass the same platform and --service-name that `tend startup` used.',
  },
  E_STARTUP_FOREIGN_FILE: {
    summary: 'A boot script file that tend did not write is already at the destination.',
    hint: 'Choose another --service-name, or move that file away if it is no longer used.',
  },
  E_INIT_EXISTS: {
    summary: 'The ecosystem file `tend init` would write already exists.',
    hint: 'Re-run with --force to overwrite it, or edit the existing file.',
  },
} as const satisfies Record<string, ErrorEntry>;
