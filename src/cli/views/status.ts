// `tend status FILE`: one line per app — in sync, out of sync (fields), missing, or extra.
import type { Plan } from '../../reconciler/types.js';
import { paint } from './format.js';
import { printLine } from './output.js';

export function printSyncStatus(names: readonly string[], plan: Plan): void {
  const steps = new Map(plan.steps.map((step) => [step.app, step]));
  for (const name of names) {
    const step = steps.get(name);
    if (!step) printLine(`${paint.green('in sync')}      ${name}`);
    else if (step.action === 'create') printLine(`${paint.yellow('missing')}      ${name}`);
    else printLine(`${paint.yellow('out of sync')}  ${name}  ${step.paths.join(', ') || step.reason}`);
  }
  for (const step of plan.steps) {
    if (step.action === 'delete' && !names.includes(step.app)) printLine(`${paint.red('extra')}        ${step.app}  (no longer in ${plan.source})`);
  }
}
