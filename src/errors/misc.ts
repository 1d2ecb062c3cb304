import type { ErrorEntry } from './index.js';

export const miscErrors = {
  E_WATCH_LIMIT: {
    summary: 'The system limit on watched files (inotify watches or open files) was reached: some files of the app are not watched.',
    hint: 'Raise the limit (`sysctl fs.inotify.max_user_watches=524288`, or `ulimit -n`), or watch fewer files: narrow `watch` to the source directories and add `ignore_watch` entries.',
  },
  E_WATCH_FAILED: {
    summary: 'A watched path could not be watched.',
    hint: 'Check that the paths in `watch` exist and are readable by the daemon user.',
  },
  E_MONIT_TTY: {
    summary: '`tend monit` needs an interactive terminal.',
    hint: 'Run it in a terminal (or tmux); for scripts use `tend jlist` or `tend ls`.',
  },
  E_PROFILE_NOT_NODE: {
    summary: 'Only Node.js apps can be profiled: the profile comes from the V8 inspector.',
    hint: "Profile other runtimes with their own tools (py-spy, perf); `tend describe <app>` shows the app's interpreter.",
  },
  E_PROFILE_NO_INSPECTOR: {
    summary: "The app's Node inspector did not open.",
    hint: 'Another process may hold its port (9229): give the app `node_args: "--inspect-port=0"` (any free port) and restart it. An app started with --inspect has its inspector open already; Node also refuses it under --disable-sigusr1.',
  },
  E_PROFILE_FAILED: {
    summary: 'The profile could not be recorded.',
    hint: 'The app may have exited or restarted while it was profiled; run the command again.',
  },
} as const satisfies Record<string, ErrorEntry>;
