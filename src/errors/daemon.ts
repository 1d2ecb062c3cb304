import type { ErrorEntry } from './index.js';

export const daemonErrors = {
  E_DAEMON_START: { summary: 'The daemon could not be started.', hint: 'Look at TEND_HOME/tend.log (`tend logs --daemon`) for the reason.' },
  E_DAEMON_UNREACHABLE: {
    summary: 'The daemon does not answer on its socket.',
    hint: 'Check TEND_HOME and its permissions. When a daemon holds the home but its socket is gone, `kill <pid>` stops it keeping the apps; the next command starts a fresh daemon that brings them back.',
  },
  E_DAEMON_RUNNING: {
    summary: 'Another tend daemon already owns this TEND_HOME.',
    hint: 'Use that daemon, stop it with `tend kill`, or choose another TEND_HOME.',
  },
  E_DAEMON_TIMEOUT: {
    summary: 'The daemon did not answer within the deadline.',
    hint: 'It may be stopped (SIGSTOP) or stuck: `kill -CONT <pid>`, or `kill <pid>` (apps are kept and brought back by the next daemon). TEND_DAEMON_TIMEOUT sets the deadline in seconds.',
  },
  E_DAEMON_STOPPING: {
    summary: 'The daemon is stopping and takes no more requests.',
    hint: 'Run the command again once `tend kill` has finished; a new daemon starts on demand.',
  },
  E_HOME_INVALID: {
    summary: 'TEND_HOME cannot be used as a home (not a directory, or not writable).',
    hint: 'Point TEND_HOME at a writable directory (it is created when missing).',
  },
  E_DAEMON_NOT_RUNNING: { summary: 'No daemon runs for this TEND_HOME.', hint: 'Any command that needs one (e.g. `tend ping`) starts it.' },
  E_DAEMON_GONE: {
    summary: 'The daemon closed the connection before answering.',
    hint: 'It may have been killed; run the command again (a new daemon restores the apps).',
  },
  E_DAEMON_VERSION: {
    summary: 'The running daemon speaks another protocol version.',
    hint: 'Run `tend update` to hand the apps over to a daemon of this version.',
  },
  E_PROTOCOL: {
    summary: 'A message on the daemon socket was not understood.',
    hint: 'Send newline-delimited JSON requests {id, method, params}; see docs/protocol.md.',
  },
  E_UNKNOWN_METHOD: { summary: 'The daemon has no such method.', hint: 'Check the method name against docs/protocol.md, or update tend.' },
  E_APP_NOT_FOUND: {
    summary: 'No app matches the target.',
    hint: 'Run `tend ls` to see the apps; targets are ids, names, namespaces, script paths, `all` or /regex/.',
  },
  E_ALREADY_RUNNING: { summary: 'That script is already running under tend.', hint: 'Use `tend restart <name>`, or add -f to start another copy.' },
  E_DUMP_EMPTY: { summary: 'There are no apps to save.', hint: 'Add --force to save an empty list.' },
  E_DUMP_CORRUPT: {
    summary: 'The saved process list (dump.tend) is not one tend can read.',
    hint: 'The message names the bad field; fix it, or `tend save` again.',
  },
  E_DUMP_NOT_FOUND: { summary: 'No saved process list was found.', hint: 'Run `tend save` first.' },
  E_REVISION_NOT_FOUND: { summary: 'The app has no such revision in its history.', hint: 'Run `tend history <app>` to see its revisions.' },
  E_SETTINGS_CORRUPT: { summary: 'The settings file is not a JSON object.', hint: 'Fix or delete TEND_HOME/settings.json.' },
  E_SETTING_NOT_FOUND: { summary: 'No setting has that key.', hint: 'Run `tend get` to see every setting.' },
  E_STATE_WRITE: {
    summary: 'The daemon could not write its state file: the change runs but would be forgotten by the next daemon.',
    hint: 'Free space or fix permissions under TEND_HOME; the daemon retries and every command warns until a write succeeds.',
  },
  E_STATE_CORRUPT: { summary: 'The state file could not be read.', hint: 'tend restored from its last good copy (state.json.bak); check the daemon log.' },
} as const satisfies Record<string, ErrorEntry>;
