import type { ErrorEntry } from './index.js';

export const specErrors = {
  E_SPEC_INVALID: {
    summary: 'The ecosystem file (or the app given on the command line) has invalid options.',
    hint: 'Fix every problem listed above, then run `tend validate` again.',
  },
  E_SPEC_UNKNOWN_KEY: {
    summary: 'The ecosystem file has a key tend does not know (plan, apply and validate refuse it; start, restart and reload warn).',
    hint: 'Fix the spelling (the did-you-mean above), or prefix your own keys with `x-`.',
  },
  E_FILE_NOT_FOUND: {
    summary: 'No ecosystem file was found, or it cannot be read.',
    hint: 'Give the file path, or create ecosystem.config.js (or .cjs, .mjs, .json, .yaml, .yml) in this directory.',
  },
  E_FILE_PARSE: { summary: 'The ecosystem file is not valid JSON or YAML.', hint: 'Fix the syntax at the line and column shown.' },
  E_FILE_EVAL: {
    summary: 'The JavaScript ecosystem file threw an error while loading.',
    hint: 'Fix the error in the file; run it with `node <file>` to see the full stack.',
  },
  E_INTERPRETER_MISSING: {
    summary: 'The interpreter the script needs is not installed.',
    hint: 'Install it, or set `interpreter` to a program that can run the script.',
  },
} as const satisfies Record<string, ErrorEntry>;
