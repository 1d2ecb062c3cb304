// `tend export` output: the files written, what the user must still do, and the warnings as a table
// (target, app, field, what happens instead), or all of it as JSON.
import Table from 'cli-table3';
import { isAbsolute, relative } from 'node:path';
import type { ExportResult, ExportTarget, ExportWarning, WrittenFile } from '../../export/index.js';
import { useColor } from './format.js';
import { printJson, printLine, printNotice } from './output.js';

/** Relative to the working directory when inside it. */
function shownPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}

export function renderWarningTable(warnings: readonly ExportWarning[]): string {
  const table = new Table({
    head: ['target', 'app', 'field', 'what happens instead'],
    colWidths: [null, null, null, 70],
    wordWrap: true,
    style: { head: useColor() ? ['yellow', 'bold'] : [], border: useColor() ? ['grey'] : [] },
  });
  for (const warning of warnings) table.push([warning.target, warning.app, warning.field, warning.message]);
  return table.toString();
}

/** Warnings go to stderr, so that a --strict failure shows them above its error line. */
export function printExportWarnings(warnings: readonly ExportWarning[]): void {
  if (warnings.length === 0) return;
  printNotice(`${warnings.length} field${warnings.length === 1 ? '' : 's'} not carried over as they are:`);
  printNotice(renderWarningTable(warnings));
}

export function printExported(target: ExportTarget, out: string, result: ExportResult, written: readonly WrittenFile[], json: boolean): void {
  if (json) {
    printJson({
      format_version: 1,
      target,
      out,
      files: written.map((file) => ({ path: file.path, action: file.action })),
      warnings: result.warnings,
      notes: result.notes,
    });
    return;
  }
  for (const file of written) printLine(`${file.action} ${shownPath(file.path)}${file.action === 'kept' ? ' (exists; filled in by you)' : ''}`);
  for (const note of result.notes) printLine(`note: ${note}`);
  printExportWarnings(result.warnings);
}
