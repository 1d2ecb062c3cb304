import type { ErrorEntry } from './index.js';

export const specErrors = {
} as const satisfies Record<string, ErrorEntry>;
