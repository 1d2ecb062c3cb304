// The command table: names, aliases and one-line summaries, with a lazy loader per command so that
// `tend ls` loads only the list command's module. Adding a command = one row here + one module.
import type { Command } from 'commander';

export interface CommandModule {
  /** Declares the command (arguments, options, action) on the program. */
  register(program: Command): void;
}

export interface CommandEntry {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly summary: string;
  readonly load: () => Promise<CommandModule>;
}

function entry(name: string, summary: string, load: () => Promise<CommandModule>, aliases: readonly string[] = []): CommandEntry {
  return { name, aliases, summary, load };
}

export const commands: readonly CommandEntry[] = [
  entry('validate', 'check an ecosystem file and print its normalized apps', () => import('./commands/validate.js')),
];

export function findCommand(word: string): CommandEntry | undefined {
  return commands.find((command) => command.name === word || command.aliases.includes(word));
}
