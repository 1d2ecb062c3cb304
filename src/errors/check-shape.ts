// Runtime checks against a schema (the protocol's, a persisted document's): a value that does not match becomes a coded error
// whose message names the path of each bad field and what was expected there.
import type { z } from 'zod';
import { TendError, type ErrorCode } from './index.js';

/** Issues named in the message; every issue is in the error's details. */
const shownIssues = 3;

export interface SchemaProblem {
  /** e.g. `specs[0].name` ('' for the value itself) */
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`)).join('');
}

function problemsOf(error: z.ZodError): SchemaProblem[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message.replace(/^Invalid input: /, '') }));
}

/**
 * The value as the schema's type, or a TendError of `code`: "<what>: <path>: <expected>; …".
 * `what` names the document or request, e.g. `apply params` or `state.json`.
 */
export function checkShape<T>(schema: z.ZodType<T>, value: unknown, code: ErrorCode, what: string, options: { hint?: string } = {}): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = problemsOf(result.error);
  const shown = problems.slice(0, shownIssues).map((problem) => (problem.path ? `${problem.path}: ${problem.message}` : problem.message));
  const more = problems.length > shownIssues ? ` (and ${problems.length - shownIssues} more)` : '';
  throw new TendError(code, `${what}: ${shown.join('; ')}${more}`, { details: { problems }, ...(options.hint === undefined ? {} : { hint: options.hint }) });
}
