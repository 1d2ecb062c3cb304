// Codes of the programmatic API (src/api): PM2 calls that tend answers without doing them, and
// outcomes PM2 reports as errors.
import type { ErrorEntry } from './index.js';

export const apiErrors = {
  E_NOT_SUPPORTED: {
    summary: 'PM2 has this call but tend deliberately does not (no modules, no agent injected into apps).',
    hint: 'See "Programmatic API" in the README for the calls tend answers this way and what to use instead.',
  },
  E_UP_TO_DATE: {
    summary: "pullAndReload/pullAndRestart found the app's git checkout already up to date, so nothing was reloaded (PM2 reports this as an error too).",
    hint: 'Nothing to do; check `err.code === "E_UP_TO_DATE"` to tell it from a failure.',
  },
} as const satisfies Record<string, ErrorEntry>;
