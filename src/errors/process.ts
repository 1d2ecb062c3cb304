import type { ErrorEntry } from './index.js';

export const processErrors = {
} as const satisfies Record<string, ErrorEntry>;
