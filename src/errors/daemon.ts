import type { ErrorEntry } from './index.js';

export const daemonErrors = {
} as const satisfies Record<string, ErrorEntry>;
