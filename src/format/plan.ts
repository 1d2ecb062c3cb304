// The plan views: human lines (`~ reload web  env.API_URL: "a" → "b"`) and the JSON document CI reads.
// Both render the plan as it is, recomputing nothing, and show secret env values as `(sensitive)`. The
// CLI prints them; the web console sends the human form to the page.
import pc from 'picocolors';
import type { Operation } from 'fast-json-patch';
import { specFields } from '../ecosystem/catalog.js';
import { duration, memory } from '../ecosystem/parsers.js';
import { defaultSecretPatterns, isSecretKey, redactEnv, redactedValue } from '../ecosystem/redact.js';
import type { AppSpec } from '../ecosystem/types.js';
import { unescapeSegment } from '../reconciler/diff.js';
import { planSummary } from '../reconciler/plan.js';
import { actionInfo } from '../reconciler/vocabulary.js';
import type { Plan, PlanAction, PlanStep, PlanSummary } from '../reconciler/types.js';

export interface PlanJsonView {
  format_version: 1;
  fingerprint: string;
  source: string;
  summary: PlanSummary;
  steps: Omit<PlanStep, 'spec'>[];
  orphans: string[];
  /** With --update-env: per app, the shell env keys that change. */
  shell_env?: Record<string, string[]>;
  /** Git sync: per app, the hand changes its step puts back. */
  drift?: Record<string, string[]>;
}

/** The JSON view: the plan without the full specs, secret env values redacted everywhere. */
export function planJsonView(plan: Plan, secretPatterns: readonly string[] = defaultSecretPatterns): PlanJsonView {
  return {
    format_version: plan.format_version,
    fingerprint: plan.fingerprint,
    source: plan.source,
    summary: planSummary(plan),
    steps: plan.steps.map((step) => ({
      action: step.action,
      app: step.app,
      reason: step.reason,
      reasons: step.reasons,
      paths: step.paths,
      patch: step.patch.map((operation) => redactOperation(operation, secretPatterns)),
      before: redactSpec(step.before, secretPatterns),
      after: redactSpec(step.after, secretPatterns),
      instances: step.instances,
      rename: step.rename,
      adopt: step.adopt,
      downtime: step.downtime,
    })),
    orphans: plan.orphans,
    ...(plan.shellEnv ? { shell_env: plan.shellEnv } : {}),
    ...(plan.drift ? { drift: plan.drift } : {}),
  };
}

/** Without a trailing newline, like the human view: callers print a line. */
export function renderPlanJson(plan: Plan, secretPatterns: readonly string[] = defaultSecretPatterns): string {
  return JSON.stringify(planJsonView(plan, secretPatterns), null, 2);
}

export interface HumanPlanOptions {
  color: boolean;
  /** How to name the source in sentences, e.g. the file path as the user typed it. */
  sourceLabel: string;
  /** Env keys containing one of these are secret (default: SECRET, TOKEN, PASSWORD, PASSPHRASE, KEY). */
  secretPatterns?: readonly string[];
}

/** Totals line order: what grows, what changes, what goes. */
const totalsOrder: readonly [PlanAction, string][] = [
  ['create', 'to create'],
  ['scale', 'to scale'],
  ['reload', 'to reload'],
  ['restart', 'to restart'],
  ['replace', 'to replace'],
  ['live', 'to update live'],
  ['delete', 'to delete'],
];

const maxInlineHead = 40;

export function renderPlanHuman(plan: Plan, options: HumanPlanOptions): string {
  const colors = pc.createColors(options.color);
  const paint: Record<PlanAction, (text: string) => string> = {
    create: colors.green,
    live: colors.dim,
    scale: colors.cyan,
    reload: colors.yellow,
    restart: colors.yellow,
    replace: colors.magenta,
    delete: colors.red,
  };
  const lines: string[] = [];
  for (const step of plan.steps) {
    if (step.adopt !== null) lines.push(`${colors.blue('» adopt')} ${colors.bold(step.app)} (from ${ownerLabel(step.adopt.from)})`);
    if (step.reason === 'adopted') continue;
    const head = `${paint[step.action](`${actionInfo[step.action].symbol} ${step.action}`)} ${colors.bold(step.app)}${headDetail(step, options.sourceLabel)}`;
    const changes = step.action === 'scale' ? step.paths.filter((path) => path !== '/instances') : step.paths;
    const rendered = changes.map((path) => renderChange(step, path, options.secretPatterns ?? defaultSecretPatterns));
    // Changes line up after a short head; after a long one (notes) they start on their own lines.
    const width = visibleLength(head);
    const [first, ...rest] = width <= maxInlineHead ? rendered : [undefined, ...rendered];
    lines.push(first === undefined ? head : `${head}  ${first}`);
    const indent = ' '.repeat(width <= maxInlineHead ? width + 2 : 4);
    for (const line of rest) lines.push(`${indent}${line}`);
  }
  for (const [app, keys] of Object.entries(plan.shellEnv ?? {})) lines.push(`  ${colors.bold(app)} env from the shell (--update-env): ${shownKeys(keys)}`);
  for (const [app, changes] of Object.entries(plan.drift ?? {})) lines.push(`  ${colors.bold(app)} drift reverted: ${changes.join('; ')}`);
  if (plan.steps.length > 0) lines.push('', totalsLine(planSummary(plan)));
  else lines.push(`No changes. Live state matches ${options.sourceLabel}.`);
  if (plan.orphans.length > 0) {
    lines.push(colors.dim(`Kept (prune is off): ${plan.orphans.join(', ')} — no longer in ${options.sourceLabel}.`));
  }
  return lines.join('\n');
}

/** Key names only (values may be secret), a long list cut short. */
function shownKeys(keys: readonly string[]): string {
  const shown = 10;
  return keys.length <= shown ? keys.join(', ') : `${keys.slice(0, shown).join(', ')} and ${keys.length - shown} more`;
}

function ownerLabel(source: string): string {
  return source === 'cli' ? 'the command line' : source;
}

function headDetail(step: PlanStep, sourceLabel: string): string {
  const notes: string[] = [];
  switch (step.action) {
    case 'create':
      notes.push(`${step.instances.to} ${step.instances.to === 1 ? 'instance' : 'instances'}`);
      if (step.rename !== null) notes.push(`renamed from ${step.rename.from}`);
      if (step.reasons.includes('drift-reverted')) notes.push('drift reverted: deleted by hand');
      break;
    case 'delete':
      notes.push(step.rename !== null ? `renamed to ${step.rename.to}` : `pruned: no longer in ${sourceLabel}`);
      break;
    case 'scale':
      return ` ${step.instances.from} → ${step.instances.to}${step.reasons.includes('drift-reverted') ? ' (drift reverted)' : step.reasons.includes('instances-missing') ? ' (instances missing)' : step.reasons.includes('instances-extra') ? ' (drift: more instances than the file says)' : ''}`;
    default:
      // Every cause is named: a reload for a changed field that also restores missing instances says both.
      if (step.reasons.includes('instances-missing')) notes.push(`instances missing: ${step.instances.from} of ${step.instances.to} running`);
      if (step.reasons.includes('instances-extra')) notes.push(`drift: more instances than the file says, ${step.instances.to} kept`);
      if (step.reasons.includes('restart-requested')) notes.push('restart requested');
      if (step.reasons.includes('reload-requested')) notes.push('reload requested');
      if (step.reasons.includes('forced')) notes.push('forced');
      if (step.reasons.includes('drift-reverted')) notes.push('drift reverted');
      if (step.action === 'reload' && step.downtime) notes.push('fork mode, 1 instance: a restart, with downtime');
      if (step.action === 'replace' && step.downtime) notes.push('old set stopped first: downtime');
  }
  return notes.length === 0 ? '' : ` (${notes.join(', ')})`;
}

function renderChange(step: PlanStep, path: string, secretPatterns: readonly string[]): string {
  const segments = path.split('/').slice(1).map(unescapeSegment);
  const [field] = segments;
  const label = segments.join('.');
  const secret = field === 'env' && segments.length === 2 && isSecretKey(segments[1] ?? '', secretPatterns);
  const show = (value: unknown): string => (secret && value !== undefined ? redactedValue : formatValue(field, value));
  return `${label}: ${show(valueAt(step.before, segments))} → ${show(valueAt(step.after, segments))}`;
}

function valueAt(spec: Partial<AppSpec> | null, segments: readonly string[]): unknown {
  let value: unknown = spec;
  for (const segment of segments) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** Values as a user writes them: sizes and durations with units, strings quoted, nothing as (none). */
function formatValue(field: string | undefined, value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  if (typeof value === 'number' && field !== undefined && field in specFields) {
    const type = specFields[field as keyof AppSpec].parser.type;
    if (type.startsWith(memory.type)) return formatSize(value);
    if (type.startsWith(duration.type)) return formatMs(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => formatValue(undefined, item)).join(', ')}]`;
  return JSON.stringify(value);
}

function formatSize(bytes: number): string {
  for (const [unit, factor] of [
    ['G', 1024 ** 3],
    ['M', 1024 ** 2],
    ['K', 1024],
  ] as const) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return `${bytes}B`;
}

function formatMs(ms: number): string {
  for (const [unit, factor] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms >= factor && ms % factor === 0) return `${ms / factor}${unit}`;
  }
  return `${ms}ms`;
}

function totalsLine(summary: PlanSummary): string {
  const parts = totalsOrder.filter(([action]) => summary[action] > 0).map(([action, words]) => `${summary[action]} ${words}`);
  return `Plan: ${parts.join(', ')}.`;
}

function redactOperation(operation: Operation, secretPatterns: readonly string[]): Operation {
  const segments = operation.path.split('/').slice(1).map(unescapeSegment);
  if (segments[0] !== 'env' || !('value' in operation)) return operation;
  if (segments.length === 2) return isSecretKey(segments[1] ?? '', secretPatterns) ? { ...operation, value: redactedValue } : operation;
  if (segments.length === 1 && isStringRecord(operation.value)) return { ...operation, value: redactEnv(operation.value, secretPatterns) };
  return operation;
}

function redactSpec(spec: Partial<AppSpec> | null, secretPatterns: readonly string[]): Partial<AppSpec> | null {
  if (spec === null || spec.env === undefined) return spec;
  return { ...spec, env: redactEnv(spec.env, secretPatterns) };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ANSI colour codes take no room on the terminal.
function visibleLength(text: string): number {
  return text.replace(/\x1b\[[0-9;]*m/g, '').length;
}
