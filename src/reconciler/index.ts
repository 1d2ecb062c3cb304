// The reconciler's public surface: plan (pure), saved plans, and applyPlan through an executor.
export { plan, isEmpty, planSummary } from './plan.js';
export { fingerprint } from './fingerprint.js';
export { serializePlan, parseSavedPlan } from './saved-plan.js';
export { applyPlan } from './run-plan.js';
export type { ApplyOptions, ApplyProgress, ApplyResult, PlanExecutor, StepFailure } from './run-plan.js';
export type { LiveApp, Plan, PlanAction, PlanInput, PlanMode, PlanOptions, PlanStep, PlanSummary, ReasonCode } from './types.js';
