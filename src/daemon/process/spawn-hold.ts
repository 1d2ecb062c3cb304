// Node's spawn returns only once the child has exec'd, and a new child gets the CPU only after the
// processes already running had their turn. When an apply starts many apps at once (one synchronous
// run of spawns), each spawn so waited behind the apps spawned just before it, busy booting: 50 Node
// apps took 1.5 s to spawn on 2 cores, 0.15 s when the children spawned earlier in the run are held
// stopped while the next one spawns (docs/benchmarks.md, "start 50 apps"). A held child has only
// just exec'd (it ran no code of its own yet) and goes on as soon as the daemon's current task ends;
// a lone spawn (a restart) is never held.
import type { ChildProcess } from 'node:child_process';

/** Children spawned in the current task and not held yet. */
const running: number[] = [];
const held = new Set<number>();

/** Runs `spawn`, holding the children spawned before it in the same task until the task ends. */
export function spawnInTurn(spawn: () => ChildProcess): ChildProcess {
  for (const pid of running.splice(0)) {
    try {
      process.kill(pid, 'SIGSTOP');
      held.add(pid);
    } catch {
      // It exited already.
    }
  }
  const child = spawn();
  if (child.pid !== undefined) {
    if (running.length === 0 && held.size === 0) setImmediate(release);
    running.push(child.pid);
  }
  return child;
}

function release(): void {
  running.length = 0;
  for (const pid of held) {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // It exited already.
    }
  }
  held.clear();
}
