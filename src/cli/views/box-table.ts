// A boxed table drawn the way cli-table3 draws one with its defaults (same characters, padding, row
// rules and colour codes), for the process table: `tend ls` is run often and cli-table3 with its
// colour library costs about 10 ms of start-up. Widths count terminal columns (wide characters take
// two, colour codes none), as cli-table3 does.
import stringWidth from 'string-width';
import pc from 'picocolors';

export interface BoxTableStyle {
  /** Head cells bold cyan and borders grey. */
  color: boolean;
}

export function renderBoxTable(head: readonly string[], rows: readonly (readonly string[])[], style: BoxTableStyle): string {
  const widths = head.map((title, column) => Math.max(stringWidth(title), ...rows.map((row) => stringWidth(row[column] ?? ''))) + 2);
  const border = (text: string): string => (style.color ? pc.gray(text) : text);
  const rule = (left: string, middle: string, right: string): string =>
    widths.map((width, column) => border(`${column === 0 ? left : middle}${'─'.repeat(width)}${column === widths.length - 1 ? right : ''}`)).join('');
  const line = (cells: readonly string[], paint: (text: string) => string): string =>
    `${widths
      .map((width, column) => {
        const cell = cells[column] ?? '';
        return `${border('│')}${paint(` ${cell}${' '.repeat(width - 2 - stringWidth(cell))} `)}`;
      })
      .join('')}${border('│')}`;
  const headPaint = (text: string): string => (style.color ? pc.bold(pc.cyan(text)) : text);
  const lines = [rule('┌', '┬', '┐'), line(head, headPaint)];
  for (const row of rows)
    lines.push(
      rule('├', '┼', '┤'),
      line(row, (text) => text),
    );
  lines.push(rule('└', '┴', '┘'));
  return lines.join('\n');
}
