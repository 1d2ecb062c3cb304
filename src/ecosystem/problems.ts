// Problems found while loading an ecosystem: every one is collected so that a run reports them all.
import type { ErrorCode } from '../errors/index.js';

export interface SpecProblem {
  severity: 'error' | 'warning';
  /** The ecosystem file, absent for apps from the command line. */
  file?: string;
  line?: number;
  col?: number;
  /** Where in the file: `apps[2].instances`; empty for the file as a whole. */
  path: string;
  message: string;
  /** The offending value, when there is one. */
  value?: unknown;
  hint: string;
  /** A more specific error code than E_SPEC_INVALID (e.g. E_INTERPRETER_MISSING). */
  code?: ErrorCode;
}

export type PathSegment = string | number;

/** `['apps', 2, 'instances']` → `apps[2].instances`. */
export function formatPath(path: readonly PathSegment[]): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}

/** Finds the line and column of a path in the source file, when the format allows it. */
export type Locator = (path: readonly PathSegment[]) => { line: number; col: number } | undefined;

/** Collects problems for one source, filling in file and position. */
export class ProblemList {
  readonly problems: SpecProblem[] = [];
  /** Errors added so far (checked after every app: counting them must not grow with the file). */
  errorCount = 0;

  constructor(
    private readonly file: string | undefined,
    private readonly locate: Locator | undefined,
  ) {}

  add(severity: SpecProblem['severity'], path: readonly PathSegment[], message: string, hint: string, extra: { value?: unknown; code?: ErrorCode } = {}): void {
    const position = this.locate?.(path);
    if (severity === 'error') this.errorCount += 1;
    this.problems.push({
      severity,
      ...(this.file === undefined ? {} : { file: this.file }),
      ...(position ?? {}),
      path: formatPath(path),
      message,
      ...('value' in extra ? { value: extra.value } : {}),
      hint,
      ...(extra.code === undefined ? {} : { code: extra.code }),
    });
  }

  error(path: readonly PathSegment[], message: string, hint: string, extra: { value?: unknown; code?: ErrorCode } = {}): void {
    this.add('error', path, message, hint, extra);
  }

  warning(path: readonly PathSegment[], message: string, hint: string, extra: { value?: unknown } = {}): void {
    this.add('warning', path, message, hint, extra);
  }

  get errors(): SpecProblem[] {
    return this.problems.filter((problem) => problem.severity === 'error');
  }

  get warnings(): SpecProblem[] {
    return this.problems.filter((problem) => problem.severity === 'warning');
  }
}
