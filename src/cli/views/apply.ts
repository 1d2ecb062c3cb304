// Progress lines during an apply, and its closing line.
import type { ApplyResult, Progress } from '../../protocol/messages.js';
import { paint } from './format.js';
import { printLine } from './output.js';

/** One line per finished step, and per instance during a rolling reload ("started" is implied). */
export function printProgress(progress: Progress): void {
  if (progress.message === 'started') return;
  const text = `[${progress.step}/${progress.total}] ${progress.action} ${progress.app}: ${progress.message}`;
  // On stdout, between the plan and the table, like them: one stream keeps the order however it is captured.
  printLine(progress.message.startsWith('failed') ? paint.red(text) : paint.dim(text));
}

export function printApplyResult(result: ApplyResult): void {
  if (result.failed) return;
  if (result.plan.steps.length === 0) return;
  printLine(paint.green(`Applied ${result.plan.steps.length} step(s).`));
}
