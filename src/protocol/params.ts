// Every method's params as a runtime schema; RpcServer.dispatch checks each request against its
// method's schema before a handler sees it. The params types are inferred from these schemas.
import { z } from 'zod';
import { appSpecSchema } from '../ecosystem/spec-schema.js';
import { planModes } from '../reconciler/types.js';
import { syncParamsSchemas } from './sync.js';

const env = z.record(z.string(), z.string());
const none = z.object({});

/** The desired state a CLI call sends: normalized specs of one source, and how to reconcile them. */
export const desiredStateSchema = z.object({
  specs: z.array(appSpecSchema),
  /** Ecosystem file path, `sync:<name>`, or `cli`. */
  source: z.string(),
  /** The caller's environment: the base every app env is laid over (as PM2). */
  baseEnv: env,
  mode: z.enum(planModes),
  prune: z.boolean(),
  only: z.array(z.string()).exactOptional(),
  forceReload: z.array(z.string()).exactOptional(),
  /** `apply --adopt`: take over apps of the same name from other sources (PM2's verbs always do). */
  adopt: z.boolean().exactOptional(),
  /** Merge the caller env over the env apps that already run were started with (`--update-env`). */
  updateEnv: z.boolean().exactOptional(),
  /** Replace the env apps that already run were started with by baseEnv (git sync putting back `--update-env`). */
  resetEnv: z.boolean().exactOptional(),
});
export type DesiredState = z.infer<typeof desiredStateSchema>;

export const applyParamsSchema = desiredStateSchema.extend({
  /** From a saved plan: refuse when the live state changed since (E_PLAN_STALE). */
  fingerprint: z.string().exactOptional(),
  /** Confirms an apply that deletes every app of its source. */
  confirmed: z.boolean().exactOptional(),
  /** Who asks (shown to a second apply refused by the lock). */
  holder: z.string(),
  parallel: z.number().exactOptional(),
  /** Stop at the first failed step (by default the other apps' steps still run). */
  failFast: z.boolean().exactOptional(),
});
export type ApplyParams = z.infer<typeof applyParamsSchema>;

const targetsShape = {
  /** ids, names, script paths, namespaces, `all`, `/regex/` — resolved by the daemon. */
  targets: z.array(z.string()),
};
export const targetParamsSchema = z.object(targetsShape);
export type TargetParams = z.infer<typeof targetParamsSchema>;

export const restartParamsSchema = z.object({
  ...targetsShape,
  /** The caller's env, merged over the apps' captured env (`--update-env`). */
  updateEnv: env.exactOptional(),
  /** Instances restarted or reloaded at once (default 1). */
  parallel: z.number().exactOptional(),
  /** Toggle watching (PM2's `restart --watch`). */
  watch: z.boolean().exactOptional(),
});
export type RestartParams = z.infer<typeof restartParamsSchema>;

export const paramsSchemas = {
  hello: z.object({ protocol: z.number(), client: z.string() }),
  ping: none,
  /** `names`: only these apps' processes (a verb on one app shows that app, whatever the table holds). */
  list: z.object({ names: z.array(z.string()).exactOptional() }),
  plan: desiredStateSchema,
  apply: applyParamsSchema,
  stop: z.object({ ...targetsShape, watch: z.boolean().exactOptional() }),
  restart: restartParamsSchema,
  reload: restartParamsSchema,
  delete: targetParamsSchema,
  reset: targetParamsSchema,
  /** `instances`: a count, `+N` or `-N`. */
  scale: z.object({ name: z.string(), instances: z.string() }),
  signal: z.object({ ...targetsShape, signal: z.string() }),
  sendData: z.object({ pm_id: z.number(), data: z.unknown() }),
  /** A line to the stdin of every process matching the targets (PM2's `send`). */
  sendLine: z.object({ ...targetsShape, line: z.string() }),
  history: z.object({ name: z.string() }),
  /** The last hour of an app's cpu and memory per instance, with its exits and restarts (the console's charts). */
  metrics: z.object({ name: z.string() }),
  /** The last applied spec and source of each app matching the targets. */
  specs: targetParamsSchema,
  rollback: z.object({ name: z.string(), revision: z.number().exactOptional(), holder: z.string() }),
  save: z.object({ force: z.boolean().exactOptional() }),
  resurrect: z.object({ baseEnv: env }),
  cleardump: none,
  flush: z.object({ targets: z.array(z.string()).exactOptional() }),
  reloadLogs: none,
  subscribe: z.object({ logs: z.boolean().exactOptional(), lifecycle: z.boolean().exactOptional(), messages: z.boolean().exactOptional() }),
  kill: z.object({ keepState: z.boolean().exactOptional() }),
  ...syncParamsSchemas,
};
