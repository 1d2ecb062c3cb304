import type { HistoryEntry } from '../../protocol/messages.js';
import { printJson, printLine } from './output.js';

export function printHistory(entries: readonly HistoryEntry[], json: boolean): void {
  if (json) {
    printJson(entries.map(({ revision, at, source, changed }) => ({ revision, at: new Date(at).toISOString(), source, changed })));
    return;
  }
  for (const entry of entries) {
    printLine(`${String(entry.revision).padStart(3)}  ${new Date(entry.at).toISOString()}  ${entry.source}  ${entry.changed.join(', ')}`);
  }
}
