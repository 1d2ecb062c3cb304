import type { ErrorEntry } from './index.js';

export const syncErrors = {
} as const satisfies Record<string, ErrorEntry>;
