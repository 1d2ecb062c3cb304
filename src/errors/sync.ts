import type { ErrorEntry } from './index.js';

export const syncErrors = {
  E_SYNC_NOT_FOUND: {
    summary: 'No git sync source has that name.',
    hint: 'Run `tend sync list` for the sources; add one with `tend sync add <name> --repo <url|path>`.',
  },
  E_SYNC_EXISTS: { summary: 'A git sync source of that name already exists.', hint: 'Pick another name, or `tend sync remove <name>` first.' },
  E_SYNC_NAME: { summary: 'The source name is not usable.', hint: 'Use letters, digits, `.`, `_` and `-` (it names a directory under TEND_HOME/sources/).' },
  E_SYNC_FETCH: {
    summary: 'Fetching the source repository failed.',
    hint: 'Check the repository URL or path and that `git fetch` works from this machine; the next sync retries.',
  },
  E_SYNC_REF: {
    summary: 'The ref (branch, tag or commit) does not exist in the source repository.',
    hint: 'Check `--ref`; it must be pushed to the repository the source fetches.',
  },
  E_SYNC_RELEASE: {
    summary: 'The release directory for a commit could not be created.',
    hint: 'Check free disk space and permissions under TEND_HOME/sources/<name>/releases/.',
  },
  E_SYNC_PRE_POST: {
    summary: 'A pre or post hook of the source failed or timed out; the previous revision keeps running.',
    hint: 'Read the hook output kept in TEND_HOME/sources/<name>/builds/<commit>.<hook>.log, fix and push a new commit.',
  },
  E_SYNC_BUILD: {
    summary: 'The build hook failed or timed out; the previous revision keeps running.',
    hint: 'Read the build output kept in TEND_HOME/sources/<name>/builds/<commit>.log, fix and push a new commit.',
  },
  E_SYNC_EMPTY: {
    summary: "The commit's ecosystem file declares no apps; applying it would remove every app of the source.",
    hint: 'Fix the file (a bad merge?), or add the source with --allow-empty if an empty app list is meant.',
  },
  E_SYNC_NOTIFY: {
    summary: 'The notification settings of the source cannot be used.',
    hint: 'Check that --notify-secret-file names a readable, non-empty file.',
  },
  E_SYNC_LOAD: {
    summary: 'The ecosystem file of the commit could not be loaded; the previous revision keeps running.',
    hint: 'Run `tend validate <file>` on a checkout of that commit, fix it and push a new commit.',
  },
  E_SYNC_APPLY: {
    summary: 'Applying the commit failed; the previous revision was put back.',
    hint: 'Read the message, `tend logs <app>` for the app that failed, then push a fix.',
  },
  E_SYNC_SUSPENDED: {
    summary: 'Auto-sync of this source is suspended (by `sync suspend` or a rollback).',
    hint: 'Run `tend sync resume <name>` to sync again.',
  },
  E_SYNC_REVISION_NOT_FOUND: {
    summary: 'The source has no recorded revision to roll back to.',
    hint: 'Run `tend sync history <name>` for the revisions that were applied.',
  },
  E_SYNC_HEAD_MOVED: {
    summary: 'The head of the source is not the revision `sync now --revision` approved: nothing was applied.',
    hint: 'Run `tend sync diff <name>` to see the plan of the new head, then `tend sync now <name> --revision <it>`.',
  },
  E_SYNC_WEBHOOK: { summary: 'The webhook server could not be started.', hint: 'Pick a free port, and give the secret with --secret-file or --secret-env.' },
  E_SYNC_HOOK: {
    summary: 'The post-receive hook could not be installed.',
    hint: 'Give the path of a bare repository (`git init --bare`); pass --force to replace a hook tend did not write.',
  },
} as const satisfies Record<string, ErrorEntry>;
