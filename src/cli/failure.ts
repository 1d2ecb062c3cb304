// How a failed command ends, the same from the entry point and from the commander program.
import { asTendError } from '../errors/index.js';
import { printError, printNotice } from './views/output.js';

/** Prints the error (as JSON with --json; with the stack when TEND_DEBUG is set) and returns the exit code. */
export function reportFailure(error: unknown, argv: readonly string[]): number {
  printError(asTendError(error), argv.includes('--json'));
  if (process.env.TEND_DEBUG && error instanceof Error) printNotice(`${error.stack}`);
  return 1;
}
