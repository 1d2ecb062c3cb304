// Codes of the programmatic API (src/api): PM2 calls that tend answers without doing them.
import type { ErrorEntry } from './index.js';

export const apiErrors = {
  E_NOT_SUPPORTED: {
    summary: 'PM2 has this call but tend deliberately does not (no modules, no agent injected into apps).',
    hint: 'See "Programmatic API" in the README for the calls tend answers this way and what to use instead.',
  },
} as const satisfies Record<string, ErrorEntry>;
