import type { ErrorEntry } from './index.js';

export const processErrors = {
  E_CWD_MISSING: {
    summary: "The app's working directory does not exist (a release directory removed?).",
    hint: 'Restore the directory: tend keeps retrying with backoff and the app comes back; or apply a spec with another cwd.',
  },
  E_START_FAILED: {
    summary: 'The app could not be started or exited before it was ready.',
    hint: "Look at the app's error log (`tend logs <app> --err`) and run its command by hand to see why.",
  },
  E_READY_TIMEOUT: {
    summary: 'The app did not become ready within listen_timeout; it was stopped.',
    hint: "Make the app call process.send('ready') (wait_ready) or listen sooner, or raise listen_timeout.",
  },
  E_NOT_READY: {
    summary: 'The app did not become ready within listen_timeout; with no older instance to fall back to, it keeps running, not known to be ready.',
    hint: "Check that it works (`tend logs <app>`); make it call process.send('ready') sooner, or raise listen_timeout.",
  },
  E_HEALTH_FAILED: {
    summary: 'The app started but its health check (`health`) did not pass in time; it was stopped.',
    hint: 'Check the path and port of `health` and that the app answers there (`tend logs <app>`), or raise health.timeout.',
  },
  E_RELOAD_FAILED: {
    summary: 'A new instance did not become ready during a reload; the old one keeps serving.',
    hint: 'Fix the new version (see its error log) and reload again; nothing was replaced.',
  },
  E_UID_REQUIRES_ROOT: {
    summary: 'uid/gid can only be used when the daemon runs as root.',
    hint: 'Remove uid/gid from the app, or run the daemon as root (e.g. through `tend startup`).',
  },
  E_USER_NOT_FOUND: {
    summary: 'The uid or gid names no user or group of this system.',
    hint: 'Check the name against /etc/passwd and /etc/group, or give a number.',
  },
  E_CLUSTER_REQUIRES_NODE: { summary: 'Cluster mode runs Node.js scripts only.', hint: "Use exec_mode: 'fork' for other interpreters." },
  E_INSTANCE_NOT_FOUND: { summary: 'No process slot has this id.', hint: 'Run `tend ls` to see the ids.' },
  E_NOT_RUNNING: { summary: 'The instance has no running process.', hint: 'Start it first (`tend start <app>`).' },
  E_UNKNOWN_SIGNAL: { summary: 'No such signal.', hint: 'Use a signal name such as SIGINT, SIGTERM, SIGUSR2 or SIGHUP.' },
} as const satisfies Record<string, ErrorEntry>;
