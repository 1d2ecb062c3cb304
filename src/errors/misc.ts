import type { ErrorEntry } from './index.js';

export const miscErrors = {
} as const satisfies Record<string, ErrorEntry>;
