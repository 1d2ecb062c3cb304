// The program and arguments an app runs as: the spec's command line (src/ecosystem/command-line.ts), with
// what the supervisor adds for Node apps (tend's own Node binary for 'node', source maps).
import { basename } from 'node:path';
import { commandLine } from '../../ecosystem/command-line.js';
import type { AppSpec } from '../../ecosystem/types.js';

export interface AppCommand {
  file: string;
  args: string[];
  /** A Node.js program: gets an IPC channel and, when asked, source maps. */
  node: boolean;
}

export function isNodeInterpreter(interpreter: string): boolean {
  const name = basename(interpreter);
  return name === 'node' || name === 'nodejs' || interpreter === process.execPath;
}

export function isPythonInterpreter(interpreter: string): boolean {
  return basename(interpreter).includes('python');
}

/** Interpreter flags tend adds for Node apps, ahead of the app's own interpreter_args. */
export function nodeFlags(spec: AppSpec): string[] {
  return spec.source_map_support ? ['--enable-source-maps'] : [];
}

export function appCommand(spec: AppSpec): AppCommand {
  const line = commandLine(spec);
  if (line.shell || spec.interpreter === 'none' || !isNodeInterpreter(spec.interpreter)) return { file: line.file, args: line.args, node: false };
  // 'node' means the Node.js running tend: the daemon's PATH need not contain one.
  return { file: spec.interpreter === 'node' ? process.execPath : line.file, args: [...nodeFlags(spec), ...line.args], node: true };
}
