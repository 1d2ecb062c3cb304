// Node's spawn returns only once the child has exec'd, and a new child gets the CPU only after the
// processes already running had their turn. When an apply starts many apps at once (one synchronous
// run of spawns), each spawn so waited behind the apps spawned just before it, busy booting: 50 Node
// apps took 1.5 s to spawn on 2 cores, 0.15 s when each new child is held stopped until the whole
// run is spawned (docs/benchmarks.md, "start 50 apps"). The child is held right after its exec,
// before it ran any code of its own, and released as soon as the daemon's current task ends.
const held = new Set<number>();

/** Stops the just-spawned child until the spawns of the current task are done. */
export function holdUntilSpawnsDone(pid: number): void {
  try {
    process.kill(pid, 'SIGSTOP');
  } catch {
    return;
  }
  if (held.size === 0) setImmediate(releaseHeld);
  held.add(pid);
}

function releaseHeld(): void {
  for (const pid of held) {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // Gone already.
    }
  }
  held.clear();
}
