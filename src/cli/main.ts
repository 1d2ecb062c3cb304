// The CLI entry point, and the only CLI module that exits the process. scripts/bundle.js bundles it as
// CommonJS (dist/bundle/cli.cjs, which bin/tend.js requires): the bare commands run from that one file,
// every other command loads the commander program (program.ts) from the ES module bundle.
import { bareCommand } from './bare.js';
import { getExitCode } from './outcome.js';
import { reportFailure } from './failure.js';

async function main(argv: readonly string[]): Promise<number> {
  const bare = bareCommand(argv);
  if (bare) {
    await bare();
    return getExitCode();
  }
  const { runProgram } = await import('./program.js');
  return runProgram(argv);
}

/** Exits once stdout and stderr are flushed: a piped `tend jlist | jq` must not lose its tail. */
function exitWhenFlushed(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

// A reader that went away (`tend logs | head -2`) ends the command quietly, as for any Unix filter.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

main(process.argv).then(
  (code) => exitWhenFlushed(code),
  (error: unknown) => exitWhenFlushed(reportFailure(error, process.argv)),
);
