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
} as const satisfies Record<string, ErrorEntry>;
