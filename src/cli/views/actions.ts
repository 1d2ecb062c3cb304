// One-line confirmations of what an imperative verb did.
import type { ActionResult } from '../../protocol/messages.js';
import { paint } from './format.js';
import { printLine } from './output.js';

export function printActionResult(verb: string, result: ActionResult): void {
  const ids = result.ids.length === 1 ? `id ${result.ids[0]}` : `ids ${result.ids.join(', ')}`;
  printLine(`${paint.green('✓')} ${verb} ${result.names.join(', ') || 'nothing'}${result.ids.length > 0 ? ` (${ids})` : ''}`);
}
