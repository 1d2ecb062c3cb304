// `tend completion [bash|zsh]`: prints a completion script to source from the shell's rc file. The
// script asks `tend completion __words <words so far>` for candidates: command names, the flags of
// the command being typed, and the names of the apps a running daemon has (none is started for it).
import type { Command } from 'commander';
import { TendError } from '../../errors/index.js';
import { commands, findCommand } from '../registry.js';
import { withDaemon } from '../daemon-session.js';
import { printLine } from '../views/output.js';

const wordsVerb = '__words';

const scripts: Record<string, string> = {
  bash: `# tend completion for bash: add \`source <(tend completion bash)\` to ~/.bashrc
_tend_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local IFS=$'\\n'
  COMPREPLY=( $(compgen -W "$(tend completion ${wordsVerb} "\${COMP_WORDS[@]:1:COMP_CWORD-1}" 2>/dev/null)" -- "$cur") )
}
complete -o default -F _tend_complete tend`,
  zsh: `#compdef tend
# tend completion for zsh: add \`source <(tend completion zsh)\` to ~/.zshrc (after compinit)
_tend() {
  local -a candidates
  candidates=( \${(f)"$(tend completion ${wordsVerb} \${words[2,CURRENT-1]} 2>/dev/null)"} )
  compadd -a candidates
  _files
}
compdef _tend tend`,
};

async function appNames(): Promise<string[]> {
  try {
    const records = await withDaemon((client) => client.request('list', {}), { autoStart: false });
    return [...new Set(records.map((record) => record.name))];
  } catch {
    return [];
  }
}

async function candidates(words: readonly string[]): Promise<string[]> {
  const [first] = words;
  if (first === undefined) return commands.flatMap((command) => [command.name, ...command.aliases]);
  const entry = findCommand(first);
  if (entry === undefined) return [];
  const { Command } = await import('commander');
  const program = new Command('tend');
  (await entry.load()).register(program);
  const command = program.commands.find((candidate) => candidate.name() === entry.name || candidate.aliases().includes(first));
  const flags = (command?.options ?? []).flatMap((option) => [option.long, option.short].filter((flag): flag is string => typeof flag === 'string'));
  return [...(await appNames()), ...flags];
}

export function register(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script (bash or zsh): commands, flags and running apps')
    .argument('[shell]', 'bash or zsh (default: bash)')
    .argument('[words...]')
    .passThroughOptions()
    .allowUnknownOption()
    .action(async (shell: string | undefined, words: string[]) => {
      if (shell === wordsVerb) {
        for (const word of await candidates(words)) printLine(word);
        return;
      }
      const script = scripts[shell ?? 'bash'];
      if (script === undefined) throw new TendError('E_USAGE', `no completion for ${shell}`, { hint: 'Use `tend completion bash` or `tend completion zsh`.' });
      printLine(script);
    });
}
