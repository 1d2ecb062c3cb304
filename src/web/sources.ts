// The desired-state page: every ecosystem file that owns running apps, planned again now (as `tend
// plan FILE` does, in this process: user code never runs in the daemon), and every git sync source
// with the daemon's status and, fetched now, the plan its head would apply (as `tend sync diff`).
// Changed fields go out as path, before and after, secrets redacted; the plan also as tend prints it.
import { dirname, isAbsolute } from 'node:path';
import { loadEcosystem } from '../ecosystem/load.js';
import { hideUrlCredentials, isSecretKey, redactEnv, redactedValue } from '../ecosystem/redact.js';
import type { DaemonClient } from '../client/daemon-client.js';
import { holderName } from '../client/caller.js';
import { renderPlanHuman } from '../format/plan.js';
import type { Plan, PlanStep } from '../reconciler/types.js';

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface FileSourceView {
  source: string;
  status: 'in sync' | 'out of sync' | 'error';
  apps: string[];
  steps: StepView[];
  /** The plan as `tend plan` prints it (no colour, secrets redacted). */
  text: string;
  error: string | null;
}

export interface StepView {
  action: string;
  app: string;
  reason: string;
  changes: FieldChange[];
}

/** `tend sync diff NAME` for the page: the head fetched and planned against what runs, nothing applied. */
export interface SyncDiffView {
  name: string;
  /** The source's status after the fetch (a new head makes it out-of-sync). */
  status: string;
  /** The source's status line after the fetch. */
  statusMessage: string;
  /** What the diff found (`tend sync diff`'s last line). */
  message: string;
  revision: string | null;
  steps: StepView[];
  text: string;
  error: string | null;
}

export interface SyncSourceView {
  name: string;
  repo: string;
  ref: string;
  path: string;
  status: string;
  suspended: boolean;
  revision: string | null;
  subject: string | null;
  message: string;
  drift: { app: string; detail: string }[];
}

export async function fileSources(client: DaemonClient): Promise<FileSourceView[]> {
  const records = await client.request('list', {});
  const owners = new Map<string, Set<string>>();
  for (const record of records) {
    const source = record.pm2_env.source;
    if (!isAbsolute(source)) continue;
    const apps = owners.get(source) ?? new Set<string>();
    apps.add(record.name);
    owners.set(source, apps);
  }
  const views: FileSourceView[] = [];
  for (const [source, apps] of [...owners].sort(([a], [b]) => a.localeCompare(b))) {
    const base = { source, apps: [...apps].sort() };
    try {
      const loaded = await loadEcosystem(source, { cwd: dirname(source) });
      const plan = await client.request('plan', { specs: loaded.apps, source: loaded.file, baseEnv: {}, mode: 'apply', prune: true });
      views.push({
        ...base,
        status: plan.steps.length > 0 ? 'out of sync' : 'in sync',
        steps: plan.steps.map(stepView),
        text: planText(plan, source),
        error: null,
      });
    } catch (error) {
      views.push({ ...base, status: 'error', steps: [], text: '', error: error instanceof Error ? error.message : String(error) });
    }
  }
  return views;
}

export async function syncSources(client: DaemonClient): Promise<SyncSourceView[]> {
  const sources = await client.request('syncList', {});
  return sources.map((source) => ({
    name: source.name,
    repo: hideUrlCredentials(source.config.repo),
    ref: source.config.ref,
    path: source.config.path,
    status: source.status,
    suspended: source.suspended,
    revision: source.revision,
    subject: source.subject,
    message: hideUrlCredentials(source.message),
    drift: source.drift,
  }));
}

export async function syncDiff(client: DaemonClient, name: string): Promise<SyncDiffView> {
  const result = await client.request('syncDiff', { name, holder: holderName('tend web') });
  return {
    name,
    status: result.source.status,
    statusMessage: hideUrlCredentials(result.source.message),
    message: hideUrlCredentials(result.message),
    revision: result.revision,
    steps: result.plan?.steps.map(stepView) ?? [],
    text: result.plan ? planText(result.plan, `sync:${name}`) : '',
    error: result.error ? hideUrlCredentials(`${result.error.code}: ${result.error.message}`) : null,
  };
}

function planText(plan: Plan, sourceLabel: string): string {
  return renderPlanHuman(plan, { color: false, sourceLabel });
}

function stepView(step: PlanStep): StepView {
  return {
    action: step.action,
    app: step.app,
    reason: step.reason,
    changes: step.paths.map((path) => ({ path, before: redactedAt(step.before, path), after: redactedAt(step.after, path) })),
  };
}

/** The value at a JSON pointer, with env values redacted as the CLI's plan view does. */
function redactedAt(spec: object | null, path: string): unknown {
  if (spec === null) return null;
  const segments = path
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
  let value: unknown = spec;
  for (const segment of segments) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Record<string, unknown>)[segment];
  }
  // A secret that is there shows as (sensitive); one that is not, as nothing (as `tend plan` prints it).
  if (segments[0] === 'env' && segments.length === 2 && isSecretKey(segments[1] ?? '')) return value === undefined ? null : redactedValue;
  if (segments.length === 1 && segments[0] === 'env' && typeof value === 'object' && value !== null) return redactEnv(value as Record<string, string>);
  // A whole spec (a create or delete step's path ""): only its env can hold secrets.
  if (segments.length === 0 && typeof value === 'object' && value !== null && 'env' in value) {
    return { ...value, env: redactEnv((value as { env: Record<string, string> }).env) };
  }
  return value ?? null;
}
