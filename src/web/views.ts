// What the console sends to the browser: only the fields its pages show. Env values never leave the
// console except through redactEnv, the CLI's redaction (secret-looking keys become '(sensitive)').
import { redactEnv } from '../ecosystem/redact.js';
import type { ApplyResult, HistoryEntry, ProcessRecord } from '../protocol/messages.js';

export interface AppRow {
  pm_id: number;
  name: string;
  namespace: string;
  status: string;
  mode: string;
  instances: number;
  pid: number;
  uptimeMs: number | null;
  restarts: number;
  cpu: number;
  memory: number;
  source: string;
  revision: string | null;
}

export function appRows(records: readonly ProcessRecord[], now: number): AppRow[] {
  return records.map((record) => {
    const env = record.pm2_env;
    return {
      pm_id: record.pm_id,
      name: record.name,
      namespace: env.namespace,
      status: env.status,
      mode: env.exec_mode === 'cluster_mode' ? 'cluster' : 'fork',
      instances: env.instances,
      pid: record.pid,
      uptimeMs: env.status === 'online' && env.pm_uptime > 0 ? Math.max(0, now - env.pm_uptime) : null,
      restarts: env.restart_time,
      cpu: record.monit.cpu,
      memory: record.monit.memory,
      source: env.source,
      revision: env.revision,
    };
  });
}

export interface RevisionView {
  revision: number;
  at: number;
  source: string;
  changed: string[];
  script: string;
  instances: number | string;
  env: Record<string, string>;
}

export function revisionViews(entries: readonly HistoryEntry[]): RevisionView[] {
  return entries.map((entry) => ({
    revision: entry.revision,
    at: entry.at,
    source: entry.source,
    changed: entry.changed,
    script: entry.spec.script,
    instances: entry.spec.instances,
    env: redactEnv(entry.spec.env),
  }));
}

/** An apply's outcome as the page shows it: each step's action, app, reason and changed paths (no values). */
export function applyView(result: ApplyResult): {
  applied: boolean;
  steps: { action: string; app: string; reason: string; paths: string[] }[];
  error: string | null;
} {
  return {
    applied: result.applied,
    steps: result.plan.steps.map((step) => ({ action: step.action, app: step.app, reason: step.reason, paths: step.paths })),
    error: result.failed ? `${result.failed.error.code}: ${result.failed.error.message}` : null,
  };
}
