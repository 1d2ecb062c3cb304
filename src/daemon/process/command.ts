// The program and arguments an app runs as. (To be replaced by commandLine(spec) from src/spec once it
// exists; kept private to the supervisor until then.)
import { basename, isAbsolute } from 'node:path';
import { quote } from 'shell-quote';
import type { AppSpec } from '../../spec/types.js';

export interface AppCommand {
  file: string;
  args: string[];
  /** A Node.js program: gets an IPC channel and, unless disabled, source maps. */
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
  if (spec.interpreter === 'none') {
    // A relative script with spaces is a shell command line (`script: "npm run serve"`).
    if (!isAbsolute(spec.script) && /\s/.test(spec.script)) {
      const line = [spec.script, ...(spec.args.length > 0 ? [quote(spec.args)] : [])].join(' ');
      return { file: '/bin/sh', args: ['-c', line], node: false };
    }
    return { file: spec.script, args: [...spec.args], node: false };
  }
  const node = isNodeInterpreter(spec.interpreter);
  // 'node' means the Node.js running tend: the daemon's PATH need not contain one.
  const file = node && spec.interpreter === 'node' ? process.execPath : spec.interpreter;
  return { file, args: [...(node ? nodeFlags(spec) : []), ...spec.interpreter_args, spec.script, ...spec.args], node };
}
