// `tend status FILE`: one line per app — in sync, out of sync (fields), missing, or extra.
import type { Plan, PlanStep } from '../../reconciler/types.js';
import { paint } from './format.js';
import { printLine } from './output.js';

export function printSyncStatus(names: readonly string[], plan: Plan): void {
  const steps = new Map(plan.steps.map((step) => [step.app, step]));
  for (const name of names) {
    const step = steps.get(name);
    if (!step) printLine(`${paint.green('in sync')}      ${name}`);
    else if (step.action === 'create') printLine(`${paint.yellow('missing')}      ${name}`);
    else printLine(`${paint.yellow('out of sync')}  ${name}  ${causesOf(step).join(', ')}`);
  }
  for (const step of plan.steps) {
    if (step.action === 'delete' && !names.includes(step.app)) printLine(`${paint.red('extra')}        ${step.app}  (no longer in ${plan.source})`);
  }
}

/** Every cause of an out-of-sync app: the changed fields and each other reason (drift, requests). */
function causesOf(step: PlanStep): string[] {
  const fields = step.paths;
  const others = step.reasons
    .filter((reason) => reason !== 'spec-changed')
    .map((reason) => (reason === 'instances-missing' ? `instances missing (${step.instances.from} of ${step.instances.to} running)` : reason));
  return [...fields, ...others];
}
