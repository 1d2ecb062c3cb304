// The table on the terminal, one section per figure group.
import Table from 'cli-table3';
import type { Figure } from '../lib/figure.js';
import { headers, rows } from './table.js';

export function consoleTable(figures: readonly Figure[]): string {
  const table = new Table({ head: headers, style: { head: [], border: [] }, wordWrap: true, colWidths: [40, 24, 24, 8, 26, 20, 22] });
  let group: string | undefined;
  for (const row of rows(figures)) {
    if (row.group !== group) {
      group = row.group;
      table.push([{ colSpan: headers.length, content: group }]);
    }
    table.push(row.cells);
  }
  return table.toString();
}
