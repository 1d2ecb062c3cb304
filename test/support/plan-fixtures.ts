// Builders for planner tests: a complete normalized AppSpec with plain defaults, and owned/live records.
import type { AppSpec, OwnedSpec } from '../../src/ecosystem/types.js';
import type { LiveApp } from '../../src/reconciler/types.js';
import { testSpec } from './spec.js';

export const FILE = '/srv/app/ecosystem.config.js';

export function makeSpec(overrides: Partial<AppSpec> & { name: string }): AppSpec {
  return testSpec(overrides);
}

export function owned(spec: AppSpec, source = FILE): OwnedSpec {
  return { spec, source };
}

/** Every instance of each spec running. */
export function allRunning(specs: readonly AppSpec[]): LiveApp[] {
  return specs.map((spec) => liveApp(spec.name, spec.instances, spec.instances));
}

export function liveApp(name: string, running: number, total = running): LiveApp {
  return { name, running, total, status: `${running} online`, revision: 1 };
}

/** A value of the same kind as `value` that differs from it (for "change this field" tables). */
export function changedValue(value: unknown): unknown {
  if (typeof value === 'string') return `${value}-changed`;
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  if (value === null) return 7;
  if (Array.isArray(value)) return [...(value as unknown[]), 'changed'];
  return { ...(value as Record<string, unknown>), CHANGED: 'yes' };
}
