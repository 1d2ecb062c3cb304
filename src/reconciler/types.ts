// A plan is data: what apply will do to each app, why, and which fields changed. Views render it
// without recomputing anything; the executor runs it; a saved plan is this object as JSON.
import type { Operation } from 'fast-json-patch';
import type { AppSpec, OwnedSpec } from '../ecosystem/types.js';

import type { PlanAction, ReasonCode } from './vocabulary.js';

export type { PlanAction, ReasonCode } from './vocabulary.js';

export interface PlanStep {
  action: PlanAction;
  app: string;
  /** The main cause: the one that decided the action. */
  reason: ReasonCode;
  /** Every cause of the step, the main one first (a reload for a spec change that also restores missing instances). */
  reasons: ReasonCode[];
  /**
   * Changed fields as JSON pointers, in the order of the spec's fields: `/instances`, `/env/API_URL`.
   * Arrays count as one value (`/args`), objects are followed down to their keys.
   */
  paths: string[];
  /** RFC 6902 operations turning the last applied spec into the desired one. */
  patch: Operation[];
  /** Values of the changed top-level fields before (the whole spec for a delete; null for a create). */
  before: Partial<AppSpec> | null;
  /** Values of the changed top-level fields after (the whole spec for a create; null for a delete). */
  after: Partial<AppSpec> | null;
  /** Instances running now → instances the step leaves running. */
  instances: { from: number; to: number };
  /** The app's old or new name when the step is half of a rename. */
  rename: { from: string; to: string } | null;
  /** The source the app is taken over from (PM2's verbs: the name is the identity), or null. */
  adopt: { from: string } | null;
  /** True when the app has nothing serving for a while: a rollout of its single running instance (see availability.ts). */
  downtime: boolean;
  /** The full spec the executor applies and records; null for a delete. */
  spec: AppSpec | null;
}

export interface Plan {
  format_version: 1;
  /** Hash of the applied specs and live instance counts the plan was made from (see fingerprint()). */
  fingerprint: string;
  /** The file path, `sync:<name>` or `cli` the desired apps come from. */
  source: string;
  steps: PlanStep[];
  /** Apps of this source that are no longer in it and are kept because prune is off. */
  orphans: string[];
  /**
   * With `--update-env`: per app the steps restart, the caller env keys that differ from the env it
   * was started with (filled in by the daemon, which alone knows that env; the planner never reads it).
   */
  shellEnv?: Record<string, string[]>;
  /** Per app, the hand changes its step puts back (git sync fills it in: only it knows what it applied). */
  drift?: Record<string, string[]>;
}

/** What the daemon observes of an app's processes. */
export interface LiveApp {
  name: string;
  /** Instances online or launching. */
  running: number;
  /** Instances the daemon holds in any state. */
  total: number;
  /** Short human summary, e.g. `2 online, 1 errored`; shown, never compared. */
  status: string;
  /** The app's applied revision: moves with every applied step (so a saved plan is used once). */
  revision: number;
}

/**
 * How PM2's file verbs map onto planning: `apply` touches only what changed and may prune; `start`
 * creates what is missing and restarts what runs; `restart` / `reload` restart / reload every app.
 * Every mode also applies every changed field.
 */
export const planModes = ['apply', 'start', 'restart', 'reload'] as const;
export type PlanMode = (typeof planModes)[number];

export interface PlanOptions {
  /** Delete apps of this source that the file no longer has (mode `apply` only). */
  prune: boolean;
  /** Plan only these apps (names of the file or managed by it). */
  only?: readonly string[];
  mode: PlanMode;
  /** Reload these apps even when nothing changed (code changed outside any tracked field). */
  forceReload?: readonly string[];
  /** `apply`: take over apps of the same name from other sources (PM2's verbs always do). */
  adopt?: boolean;
}

export interface PlanInput {
  /** Normalized specs, in file order. */
  desired: readonly AppSpec[];
  source: string;
  /** The last applied spec of every app the daemon knows, from any source. */
  applied: readonly OwnedSpec[];
  live: readonly LiveApp[];
  options: PlanOptions;
}

export type PlanSummary = Record<PlanAction, number> & { total: number };
