// The availability rule of a rollout, shared by the daemon's rollout engine (how many instances it
// moves at once) and the planner (whether a step has downtime), so the two cannot disagree.

/** Whether an instance in this status serves (or is about to): what a rollout must keep one of. */
export function isServing(status: string): boolean {
  return status === 'online' || status === 'launching';
}

/**
 * How many instances a rollout moves at once: `parallel`, capped at running − 1 so that an app
 * with more than one running instance always keeps one serving.
 */
export function rolloutWidth(running: number, parallel = 1): number {
  const wanted = Math.max(1, Math.floor(parallel));
  return running > 1 ? Math.min(wanted, running - 1) : 1;
}

/**
 * True when a rollout leaves the app with nothing serving for a while: only with a single running
 * instance, unless it is a cluster reload (the replacement worker is ready before the old one stops).
 */
export function rolloutDowntime(running: number, mode: 'restart' | 'reload', execMode: 'fork' | 'cluster'): boolean {
  return running === 1 && !(mode === 'reload' && execMode === 'cluster');
}

/**
 * Whether a replace (an exec_mode change) stops the old set before it starts the new one. Between fork
 * and cluster the two sets cannot share the app's port (the fork process holds it, the cluster primary
 * cannot bind it: EADDRINUSE), so the old set goes first and the app has downtime.
 */
export function replaceStopsFirst(from: 'fork' | 'cluster', to: 'fork' | 'cluster'): boolean {
  return from !== to;
}
