import type { HistoryEntry } from '../../protocol/messages.js';
import { printJson, printLine } from './output.js';

export function printHistory(entries: readonly HistoryEntry[], json: boolean): void {
  const current = entries.at(-1)?.revision;
  if (json) {
    printJson(
      entries.map(({ revision, at, source, changed }) => ({ revision, at: new Date(at).toISOString(), source, changed, current: revision === current })),
    );
    return;
  }
  const width = Math.max('SOURCE'.length, ...entries.map((entry) => entry.source.length));
  printLine(`  ${'REV'.padStart(4)}  ${'APPLIED'.padEnd(24)}  ${'SOURCE'.padEnd(width)}  CHANGED`);
  for (const entry of entries) {
    // The daemon records a revision each time it applies one: the last is what runs now.
    const marker = entry.revision === current ? '*' : ' ';
    const changed = entry.changed.length === 0 ? '(first)' : entry.changed.join(', ');
    printLine(`${marker} ${String(entry.revision).padStart(4)}  ${new Date(entry.at).toISOString()}  ${entry.source.padEnd(width)}  ${changed}`);
  }
  if (current !== undefined) printLine('* current revision (`tend rollback <app> --to-revision N` applies another)');
}
