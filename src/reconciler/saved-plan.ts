// Saved plans (`tend plan -o plan.json`, `tend apply plan.json`): the Plan object as JSON, checked on
// the way back in. Freshness (the fingerprint) is checked by the apply flow: client/plan-and-apply.ts
// before anything else, and the daemon again under its apply lock.
// A saved plan holds the full specs it applies, secret env values included (like terraform's plan
// files); its writer gives it mode 0600. The views (src/cli/views/plan.ts) always redact.
import { TendError } from '../errors/index.js';
import type { Plan, PlanAction, ReasonCode } from './types.js';
import { planActions, reasonCodes } from './vocabulary.js';


export function serializePlan(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/**
 * The plan in a saved file, given as its text or its parsed JSON; keys other than the plan's (what
 * the CLI stores beside it) are left out. E_PLAN_INVALID names the first thing that is wrong.
 */
export function parseSavedPlan(saved: unknown): Plan {
  const plan = record(typeof saved === 'string' ? parseJson(saved) : saved, 'the plan');
  if (plan.format_version !== 1) throw invalid(`format_version is ${JSON.stringify(plan.format_version)}; this tend reads format_version 1`);
  text(plan.fingerprint, 'fingerprint');
  text(plan.source, 'source');
  list(plan.orphans, 'orphans').forEach((name, index) => text(name, `orphans[${index}]`));
  list(plan.steps, 'steps').forEach(checkStep);
  const { format_version, fingerprint, source, steps, orphans } = plan as unknown as Plan;
  return { format_version, fingerprint, source, steps, orphans };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalid(`it is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function checkStep(value: unknown, index: number): void {
  const at = `steps[${index}]`;
  const step = record(value, at);
  if (!planActions.includes(step.action as PlanAction)) throw invalid(`${at}.action is ${JSON.stringify(step.action)}`);
  if (!reasonCodes.includes(step.reason as ReasonCode)) throw invalid(`${at}.reason is ${JSON.stringify(step.reason)}`);
  const app = text(step.app, `${at}.app`);
  list(step.paths, `${at}.paths`).forEach((path, pathIndex) => text(path, `${at}.paths[${pathIndex}]`));
  list(step.patch, `${at}.patch`).forEach((op, opIndex) => {
    const operation = record(op, `${at}.patch[${opIndex}]`);
    text(operation.op, `${at}.patch[${opIndex}].op`);
    if (typeof operation.path !== 'string') throw invalid(`${at}.patch[${opIndex}].path is not a string`);
  });
  if (step.before !== null) record(step.before, `${at}.before`);
  if (step.after !== null) record(step.after, `${at}.after`);
  const instances = record(step.instances, `${at}.instances`);
  if (!isCount(instances.from) || !isCount(instances.to)) throw invalid(`${at}.instances needs whole numbers from and to`);
  if (step.rename !== null) {
    const rename = record(step.rename, `${at}.rename`);
    text(rename.from, `${at}.rename.from`);
    text(rename.to, `${at}.rename.to`);
  }
  if (typeof step.downtime !== 'boolean') throw invalid(`${at}.downtime is not true or false`);
  if (step.action === 'delete') {
    if (step.spec !== null) throw invalid(`${at} deletes "${app}" but carries a spec`);
    return;
  }
  const spec = record(step.spec, `${at}.spec`);
  if (spec.name !== app) throw invalid(`${at}.spec is not the spec of "${app}"`);
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(`${what} is not a list`);
  return value as unknown[];
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid(`${what} is not a non-empty string`);
  return value;
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function invalid(detail: string): TendError {
  return new TendError('E_PLAN_INVALID', `not a valid saved plan: ${detail}`);
}
