// The desired-state page: every ecosystem file that owns running apps, planned again now (as `tend
// plan FILE` does, in this process: user code never runs in the daemon), and every git sync source
// with the daemon's status. Changed fields go out as path, before and after, secrets redacted.
import { dirname, isAbsolute } from 'node:path';
import { loadEcosystem } from '../ecosystem/load.js';
import { isSecretKey, redactEnv, redactedValue } from '../ecosystem/redact.js';
import type { DaemonClient } from '../client/daemon-client.js';
import type { PlanStep } from '../reconciler/types.js';

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface FileSourceView {
  source: string;
  status: 'in sync' | 'out of sync' | 'error';
  apps: string[];
  steps: { action: string; app: string; reason: string; changes: FieldChange[] }[];
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
      views.push({ ...base, status: plan.steps.length > 0 ? 'out of sync' : 'in sync', steps: plan.steps.map(stepView), error: null });
    } catch (error) {
      views.push({ ...base, status: 'error', steps: [], error: error instanceof Error ? error.message : String(error) });
    }
  }
  return views;
}

export async function syncSources(client: DaemonClient): Promise<SyncSourceView[]> {
  const sources = await client.request('syncList', {});
  return sources.map((source) => ({
    name: source.name,
    repo: source.config.repo,
    ref: source.config.ref,
    path: source.config.path,
    status: source.status,
    suspended: source.suspended,
    revision: source.revision,
    subject: source.subject,
    message: source.message,
    drift: source.drift,
  }));
}

function stepView(step: PlanStep): FileSourceView['steps'][number] {
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
  if (segments[0] === 'env' && segments.length === 2 && isSecretKey(segments[1] ?? '')) return redactedValue;
  let value: unknown = spec;
  for (const segment of segments) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Record<string, unknown>)[segment];
  }
  if (segments.length === 1 && segments[0] === 'env' && typeof value === 'object' && value !== null) return redactEnv(value as Record<string, string>);
  // A whole spec (a create or delete step's path ""): only its env can hold secrets.
  if (segments.length === 0 && typeof value === 'object' && value !== null && 'env' in value) {
    return { ...value, env: redactEnv((value as { env: Record<string, string> }).env) };
  }
  return value ?? null;
}
