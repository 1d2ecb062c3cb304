// The one place the CLI writes to the terminal. Views format; this module prints.
import { stdout, stderr } from 'node:process';
import type { TendError } from '../../errors/index.js';

export function printLine(text = ''): void {
  stdout.write(`${text}\n`);
}

export function printRaw(text: string): void {
  stdout.write(text);
}

export function printWarning(text: string): void {
  stderr.write(`warning: ${text}\n`);
}

export function printNotice(text: string): void {
  stderr.write(`${text}\n`);
}

export function printJson(value: unknown): void {
  stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printError(error: TendError, json = false): void {
  if (json) {
    stdout.write(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`);
    return;
  }
  stderr.write(`error ${error.code}: ${error.message}\n`);
  if (error.hint) stderr.write(`hint: ${error.hint}\n`);
}

export function isTerminal(): boolean {
  return stdout.isTTY === true;
}
