import type { ErrorEntry } from './index.js';

export const planErrors = {
  E_PLAN_STALE: {
    summary: 'The saved plan no longer matches the live state (apps were applied, scaled, crashed or removed since it was made).',
    hint: 'Make a new plan with `tend plan FILE -o plan.json`, review it, then apply that.',
  },
  E_PLAN_INVALID: {
    summary: 'The saved plan file is not a plan tend can apply.',
    hint: 'Save plans with `tend plan FILE -o plan.json` and do not edit them; make a new one.',
  },
  E_PLAN_OWNER_CONFLICT: {
    summary: 'An app of the file has the name of an app managed by another source.',
    hint: 'Rename the app in the file, or take it over with `tend apply --adopt` (start, restart and reload of a file take it over, as PM2 does).',
  },
  E_PLAN_DUPLICATE_APP: { summary: 'Two apps of the desired state have the same name.', hint: 'Give every app of the file a distinct `name`.' },
  E_PLAN_UNKNOWN_APP: {
    summary: 'An app named in --only or --force-reload is neither in the file nor managed by it.',
    hint: 'Check the names against the file (`tend plan FILE` lists them).',
  },
  E_APPLY_FAILED: {
    summary: 'A step of the plan failed; the steps before it were applied, the ones after it were not.',
    hint: 'Fix the cause shown, then run apply again: it plans only what is still to do.',
  },
  E_APPLY_LOCKED: {
    summary: 'Another apply is running against this daemon.',
    hint: 'Wait for the holder named in the message to finish, then run apply again.',
  },
} as const satisfies Record<string, ErrorEntry>;
