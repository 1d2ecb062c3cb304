// The argv the supervisor spawns for a spec. Pure: no PATH lookup, no file access.
import shellQuote from 'shell-quote';
import type { AppSpec } from './types.js';

export interface CommandLine {
  /** Program to run. */
  file: string;
  args: string[];
  /** True when the script is a shell command line run through `bash -c`. */
  shell: boolean;
}

/** A script run by no interpreter that contains whitespace is a shell command line. */
export function isShellCommand(spec: Pick<AppSpec, 'script' | 'interpreter'>): boolean {
  return spec.interpreter === 'none' && /\s/.test(spec.script.trim());
}

export function commandLine(spec: Pick<AppSpec, 'script' | 'args' | 'interpreter' | 'interpreter_args'>): CommandLine {
  if (isShellCommand(spec)) {
    const line = spec.args.length > 0 ? `${spec.script} ${shellQuote.quote(spec.args)}` : spec.script;
    return { file: 'bash', args: ['-c', line], shell: true };
  }
  if (spec.interpreter === 'none') return { file: spec.script, args: [...spec.args], shell: false };
  return { file: spec.interpreter, args: [...spec.interpreter_args, spec.script, ...spec.args], shell: false };
}
