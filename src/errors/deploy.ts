import type { ErrorEntry } from './index.js';

export const deployErrors = {
} as const satisfies Record<string, ErrorEntry>;
