// Quoting for the three languages boot scripts are written in. Paths come from the user's machine and may
// hold spaces, quotes, '%' or '$'; each must reach the program as exactly one argument.

/** A POSIX sh word: bare when safe, else single-quoted. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

export function shellCommand(argv: readonly string[]): string {
  return argv.map(shellWord).join(' ');
}

/** A systemd setting value: '%' starts a specifier everywhere in a unit file, so it is doubled. */
export function systemdValue(text: string): string {
  return text.replaceAll('%', '%%');
}

/**
 * One word of a systemd setting that splits words (Exec*, Environment): in Exec lines '$' also expands a
 * variable and is doubled; words with spaces or quotes are double-quoted with C-style escapes.
 */
export function systemdWord(text: string, exec: boolean): string {
  const escaped = exec ? systemdValue(text).replaceAll('$', '$$$$') : systemdValue(text);
  return /^[A-Za-z0-9_@%+=:,./$-]+$/.test(escaped) ? escaped : `"${escaped.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

export function systemdCommand(argv: readonly string[]): string {
  return argv.map((word) => systemdWord(word, true)).join(' ');
}

export function xmlText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
