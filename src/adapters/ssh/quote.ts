// Remote commands are argv arrays everywhere in tend; this module is the one place that turns an
// argv into the single string SSH carries (the server hands it to the user's login shell, which
// must be POSIX: sh, bash, dash, zsh, ksh). Values never meet a shell unquoted: the fixed scripts
// below take every variable part as a positional argument ("$1", "$@").

const plainWord = /^[A-Za-z0-9_/.,:=@%+-]+$/;

/** One argument as a POSIX shell word that the shell reads back byte for byte. */
function quoteWord(word: string): string {
  if (word.includes('\0')) throw new TypeError('a command argument cannot contain a NUL byte');
  if (plainWord.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The command line that runs exactly `argv` (argv[0] looked up on PATH). */
export function quoteArgv(argv: readonly string[]): string {
  if (argv.length === 0) throw new TypeError('an empty command');
  return argv.map(quoteWord).join(' ');
}

/** `argv` run with `dir` as its working directory. */
export function inDir(dir: string, argv: readonly string[]): string[] {
  return ['sh', '-c', 'cd -- "$1" && shift && exec "$@"', 'sh', dir, ...argv];
}

/** `argv` run with extra environment variables (names are validated by the caller's config). */
export function withEnv(env: Readonly<Record<string, string>>, argv: readonly string[]): string[] {
  const pairs = Object.entries(env).map(([name, value]) => `${name}=${value}`);
  return pairs.length === 0 ? [...argv] : ['env', ...pairs, ...argv];
}

/**
 * A user's shell snippet (a hook) run by their login shell, so PATH is what an interactive login
 * sees (nvm, npm, tend installed by a profile). The snippet is one argument: it is parsed once,
 * by that login shell, and never by the shell that received the SSH command.
 */
export function loginShell(script: string): string[] {
  return ['sh', '-c', 'exec "${SHELL:-/bin/sh}" -lc "$1"', 'sh', script];
}

/** A fixed script of ours with positional arguments: `script` must be a constant string. */
export function fixedScript(script: string, args: readonly string[]): string[] {
  return ['sh', '-c', script, 'sh', ...args];
}
