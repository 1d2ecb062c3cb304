// `tend validate [file]`: load, check and normalize an ecosystem file without touching any process.
// Prints a one-line summary (the normalized apps with --verbose or --json), or every problem of the
// file; exit 1 on errors.
import type { Command } from 'commander';
import { TendError } from '../../errors/index.js';
import { loadEcosystem } from '../../ecosystem/load.js';
import type { SpecProblem } from '../../ecosystem/problems.js';
import { splitList } from '../options.js';
import { printProblems, printSpecWarnings, printValidated } from '../views/validate.js';

interface ValidateOptions {
  env?: string;
  only?: string;
  json?: boolean;
  verbose?: boolean;
  strict?: boolean;
  showSecrets?: boolean;
}

function problemsOf(error: unknown): SpecProblem[] | undefined {
  return error instanceof TendError && Array.isArray(error.details) ? (error.details as SpecProblem[]) : undefined;
}

export function register(program: Command): void {
  program
    .command('validate')
    .description('check an ecosystem file: a summary, or its normalized apps with --verbose')
    .argument('[file]', 'ecosystem file (default: ecosystem.config.* in this directory)')
    .option('--env <name>', 'apply the env_<name> overlay of every app')
    .option('--only <apps>', 'only these apps (comma separated)')
    .option('--json', 'print the apps (or the error) as JSON')
    .option('--verbose', 'print the normalized apps as YAML')
    .option('--no-strict', 'unknown keys are warnings, not errors (as for start/restart/reload)')
    .option('--show-secrets', 'print env values whose names look secret')
    .action(async (file: string | undefined, options: ValidateOptions) => {
      const only = splitList(options.only);
      try {
        const loaded = await loadEcosystem(file, {
          cwd: process.cwd(),
          ...(options.env === undefined ? {} : { env: options.env }),
          ...(only === undefined ? {} : { only }),
          ...(options.strict === undefined ? {} : { strict: options.strict }),
        });
        printSpecWarnings(loaded.warnings);
        printValidated(loaded, { json: options.json === true, verbose: options.verbose === true, showSecrets: options.showSecrets === true });
      } catch (error) {
        // The list goes first; the entry point then prints the one-line error and exits 1.
        const problems = problemsOf(error);
        if (problems !== undefined && options.json !== true) printProblems(problems);
        throw error;
      }
    });
}
