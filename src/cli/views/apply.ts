// Progress lines during an apply, and its closing line.
import type { ApplyResult, Progress } from '../../daemon/protocol.js';
import { paint } from './format.js';
import { printLine, printNotice } from './output.js';

export function printProgress(progress: Progress): void {
  printNotice(paint.dim(`[${progress.step}/${progress.total}] ${progress.action} ${progress.app}: ${progress.message}`));
}

export function printApplyResult(result: ApplyResult): void {
  if (result.failed) return;
  if (result.plan.steps.length === 0) return;
  printLine(paint.green(`Applied ${result.plan.steps.length} step(s).`));
}
