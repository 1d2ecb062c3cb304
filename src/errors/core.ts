import type { ErrorEntry } from './index.js';

export const coreErrors = {
  E_INTERNAL: { summary: 'An unexpected internal error.', hint: 'This is a bug in tend: run again with TEND_DEBUG=1 and report the output.' },
  E_USAGE: { summary: 'The command line is not valid.', hint: 'Run `tend help <command>` for the accepted arguments and options.' },
  E_UNKNOWN_COMMAND: { summary: 'No such command.', hint: 'Run `tend help` for the list of commands.' },
  E_CONFIRM_REQUIRED: { summary: 'The action needs confirmation and no terminal can ask for it.', hint: 'Re-run with --yes to confirm.' },
} as const satisfies Record<string, ErrorEntry>;
