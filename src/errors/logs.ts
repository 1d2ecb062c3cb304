import type { ErrorEntry } from './index.js';

export const logsErrors = {
} as const satisfies Record<string, ErrorEntry>;
