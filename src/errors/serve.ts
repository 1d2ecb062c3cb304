import type { ErrorEntry } from './index.js';

export const serveErrors = {
} as const satisfies Record<string, ErrorEntry>;
