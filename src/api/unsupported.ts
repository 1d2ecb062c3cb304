// PM2 calls tend answers without doing what PM2 does: some are refused with E_NOT_SUPPORTED and a
// pointer to what tend has instead; some succeed doing nothing, as they do in PM2 when what they
// drive is absent (sysmonit, modules) or as tend's CLI answers them (the cloud commands).
import { TendError } from '../errors/index.js';

/** What each refused call says to use instead. */
const instead = {
  profile:
    'tend does not profile its own daemon; profile an app with `tend profile:cpu <app>` or `tend profile:mem <app>`, or open its inspector with inspect(app).',
  msgProcess: 'Send the app a message with sendDataToProcessId() and answer it with process.on("message") in the app.',
  monit: 'PM2 refuses it too: read list() on a timer, or run `tend monit` in a terminal.',
  dashboard: 'PM2 refuses it too: read list() on a timer, or run `tend monit` in a terminal.',
  boilerplate: 'Write an ecosystem file for an app folder with `tend init`.',
  autoinstall: 'tend starts no service detection; start what you need with start().',
  deepUpdate: 'Install the new tend with npm, then call update() to hand the apps to its daemon.',
  logrotate: 'Log rotation is built into tend: set log_max_size, log_retain and log_compress on the app.',
  dockerMode: 'Render the apps for containers with `tend export compose` (or kubernetes, nomad, systemd).',
  generateDockerfile: 'Render the apps for containers with `tend export compose` (or kubernetes, nomad, systemd).',
  generateSample: 'Write a commented ecosystem file with `tend init`.',
  report: 'Run `tend report` for the report to paste into an issue; list() and getVersion() give the parts in code.',
  slist: 'Run `tend slist` for the system information as JSON.',
} as const;

export type RefusedCall = keyof typeof instead;

export function refused(call: RefusedCall): Promise<never> {
  return Promise.reject(new TendError('E_NOT_SUPPORTED', `${call}() is not supported by tend`, { hint: instead[call] }));
}

/** PM2 Plus calls: tend has no cloud; like `tend link`, they succeed and do nothing. */
export function noCloud(call: string): Promise<{ cloud: false; message: string }> {
  return Promise.resolve({ cloud: false, message: `tend has no cloud service: ${call}() does nothing` });
}
