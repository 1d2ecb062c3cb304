// The error catalog: every error a user can see has a stable code, a one-line message and a hint.
// Each area declares its codes in its own file; this module joins them and is the only place
// TendError is defined. docs/errors.md is generated from this catalog (a test keeps it fresh).
import { coreErrors } from './core.js';
import { specErrors } from './spec.js';
import { daemonErrors } from './daemon.js';
import { planErrors } from './plan.js';
import { deployErrors } from './deploy.js';
import { syncErrors } from './sync.js';
import { miscErrors } from './misc.js';
import { logsErrors } from './logs.js';
import { processErrors } from './process.js';
import { serveErrors } from './serve.js';
import { exportErrors } from './export.js';
import { apiErrors } from './api.js';
import { webErrors } from './web.js';

export interface ErrorEntry {
  /** What went wrong, in general terms (the docs' "meaning" column). */
  readonly summary: string;
  /** What to do about it, unless the thrower knows better. */
  readonly hint: string;
}

export const errorCatalog = {
  ...coreErrors,
  ...specErrors,
  ...daemonErrors,
  ...planErrors,
  ...deployErrors,
  ...syncErrors,
  ...miscErrors,
  ...logsErrors,
  ...processErrors,
  ...serveErrors,
  ...exportErrors,
  ...apiErrors,
  ...webErrors,
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof errorCatalog;

export class TendError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  /** Structured detail for JSON output (e.g. every validation problem). */
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { hint?: string; details?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TendError';
    this.code = code;
    this.hint = options.hint ?? errorCatalog[code].hint;
    this.details = options.details;
  }

  toJSON(): WireError {
    return { code: this.code, message: this.message, hint: this.hint, ...(this.details === undefined ? {} : { details: this.details }) };
  }
}

/** An error as it crosses the daemon socket. */
export interface WireError {
  code: string;
  message: string;
  hint: string;
  details?: unknown;
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCatalog, code);
}

/** Rebuild a TendError from its wire form; unknown codes become E_INTERNAL so nothing is lost. */
export function fromWire(wire: WireError): TendError {
  const code = isErrorCode(wire.code) ? wire.code : 'E_INTERNAL';
  return new TendError(code, wire.message, { hint: wire.hint, details: wire.details });
}

/** Any thrown value as a TendError: ours pass through, the rest become E_INTERNAL. */
export function asTendError(error: unknown): TendError {
  if (error instanceof TendError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TendError('E_INTERNAL', message, { cause: error });
}
