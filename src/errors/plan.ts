import type { ErrorEntry } from './index.js';

export const planErrors = {
} as const satisfies Record<string, ErrorEntry>;
