// The CLI entry point, and the only CLI module that exits the process.
import { commands, findCommand } from './registry.js';
import { getExitCode } from './outcome.js';
import { printError } from './views/output.js';
import { TendError, asTendError } from '../errors/index.js';
import { version } from '../version.js';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

async function main(argv: readonly string[]): Promise<number> {
  // `tend ls`, `tend jlist`, …: with no arguments, a command may run without commander (start-up time).
  const bareWord = argv.length === 3 ? argv[2] : undefined;
  const bare = bareWord === undefined || bareWord.startsWith('-') ? undefined : findCommand(bareWord);
  if (bare) {
    const module = await bare.load();
    if (module.runBare) {
      await module.runBare();
      return getExitCode();
    }
  }
  const { Command, CommanderError } = await import('commander');
  const program = new Command('tend')
    .description('A process manager whose ecosystem file is desired state.')
    .version(version, '-v, --version')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ outputError: () => undefined })
    .showSuggestionAfterError(false)
    .helpCommand(false);

  const word = argv[2];
  const isHelp = word === undefined || word === 'help' || word === '--help' || word === '-h';
  const target = isHelp ? argv[3] : word;
  const wanted = target === undefined || target.startsWith('-') ? undefined : findCommand(target);

  if (target !== undefined && !target.startsWith('-') && wanted === undefined) {
    const names = commands.flatMap((command) => [command.name, ...command.aliases]);
    const { closest } = await import('fastest-levenshtein');
    const suggestion = closest(target, names);
    throw new TendError('E_UNKNOWN_COMMAND', `unknown command '${target}'`, {
      hint: suggestion ? `did you mean \`tend ${suggestion}\`? Run \`tend help\` for every command.` : 'Run `tend help` for every command.',
    });
  }

  if (wanted) {
    (await wanted.load()).register(program);
  } else {
    // Whole-program help lists every command without loading their modules: every alias, the arguments.
    const terms = new Map<string, string>();
    for (const command of commands) {
      program
        .command(command.name)
        .aliases([...command.aliases])
        .description(command.summary);
      terms.set(command.name, [[command.name, ...command.aliases].join('|'), command.args].filter(Boolean).join(' '));
    }
    program.configureHelp({ subcommandTerm: (command) => terms.get(command.name()) ?? command.name() });
    program.addHelpText('after', programHelpFooter());
  }

  if (isHelp) {
    if (wanted) program.commands.find((c) => c.name() === wanted.name)?.outputHelp();
    else program.outputHelp();
    return word === undefined ? 1 : 0;
  }

  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      throw new TendError('E_USAGE', error.message.replace(/^error: /, ''));
    }
    throw error;
  }
  return getExitCode();
}

function programHelpFooter(): string {
  const packageRoot = dirname(fileURLToPath(new URL('../../../package.json', import.meta.url)));
  return [
    '',
    'Environment:',
    "  TEND_HOME  the daemon's folder: socket, state, logs (default: ~/.tend); one daemon per TEND_HOME",
    '',
    `Docs: \`tend help <command>\` for its options; README.md and docs/ in ${packageRoot}`,
    '      online: https://www.npmjs.com/package/tend-pm',
  ].join('\n');
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

const jsonWanted = process.argv.includes('--json');
main(process.argv).then(
  (code) => exitWhenFlushed(code),
  (error: unknown) => {
    const tendError = asTendError(error);
    printError(tendError, jsonWanted);
    if (process.env.TEND_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    exitWhenFlushed(1);
  },
);
