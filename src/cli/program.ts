// Every command but the bare ones of bare.ts: the commander program, loaded by the entry point
// (main.ts) as an ES module. It prints its own errors, so that the error classes it checks are its own.
import { commands, findCommand } from './registry.js';
import { getExitCode } from './outcome.js';
import { reportFailure } from './failure.js';
import { TendError } from '../errors/index.js';
import { version } from '../version.js';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Runs the command of argv and returns the exit code; a failure is printed here. */
export async function runProgram(argv: readonly string[]): Promise<number> {
  try {
    return await parseAndRun(argv);
  } catch (error) {
    return reportFailure(error, argv);
  }
}

async function parseAndRun(argv: readonly string[]): Promise<number> {
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
