import type { ErrorEntry } from './index.js';

export const logsErrors = {
  E_LOG_WRITE: {
    summary:
      'An app log file cannot be written (disk full, permissions, a missing directory). The app keeps running; tend retries every second and notes in the file how many lines were dropped meanwhile.',
    hint: 'Free disk space or fix the path or its permissions (see out_file, error_file, log_file); writing resumes by itself.',
  },
  E_LOG_ROTATE: {
    summary: 'A rotated log file could not be compressed; it is kept uncompressed.',
    hint: 'Check free disk space and permissions in the log directory.',
  },
  E_LOG_READ: {
    summary: 'A log file cannot be read.',
    hint: 'Check that the path exists and is readable (`tend describe <app>` shows the log paths).',
  },
} as const satisfies Record<string, ErrorEntry>;
