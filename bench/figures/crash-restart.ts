// Crash → restarted app running JS again: the fixture app stamps the wall clock as its first
// statement and exits 1 on SIGUSR2; the figure is signal → the new process's stamp. The baseline is a
// bare `node` spawn of the same file (spawn → stamp).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { now, waitFor } from '../lib/clock.js';
import type { BenchContext } from '../lib/context.js';
import { writeEcosystem } from '../lib/ecosystem.js';
import type { Figure } from '../lib/figure.js';
import type { FigureGroup } from '../lib/group.js';
import type { Manager } from '../lib/managers.js';
import { inTurn } from '../lib/order.js';
import { killQuietly } from '../lib/proc.js';

interface Stamp {
  pid: number;
  at: number;
}

/** The stamps file one app (and its restarts) appends to, read in order. */
class Stamps {
  private consumed = 0;

  constructor(
    readonly path: string,
    private readonly context: BenchContext,
  ) {}

  private read(): Stamp[] {
    if (!existsSync(this.path)) return [];
    // Only whole lines: the piece after the last newline may still be being written.
    return readFileSync(this.path, 'utf8')
      .split('\n')
      .slice(0, -1)
      .flatMap((line) => {
        const [pid, at] = line.split(' ');
        return pid === undefined || at === undefined ? [] : [{ pid: Number(pid), at: Number(at) }];
      });
  }

  /** The next process's stamp, once it is written. */
  async next(): Promise<Stamp> {
    const stamp = await waitFor(`a stamp in ${this.path}`, () => this.read()[this.consumed], 15_000, 5);
    this.consumed += 1;
    this.context.trackPid(stamp.pid);
    return stamp;
  }
}

async function crashOnce(stamps: Stamps, current: Stamp): Promise<{ ms: number; next: Stamp }> {
  const triggered = now();
  process.kill(current.pid, 'SIGUSR2');
  const next = await stamps.next();
  return { ms: next.at - triggered, next };
}

async function bareSpawn(script: string, stamps: Stamps): Promise<number> {
  const started = now();
  spawn(process.execPath, [script], { stdio: 'ignore', env: { ...process.env, STAMP_FILE: stamps.path } });
  const stamp = await stamps.next();
  killQuietly(stamp.pid);
  return stamp.at - started;
}

export const crashRestart: FigureGroup = {
  name: 'crash',
  method:
    'Crash → restart: SIGUSR2 makes the app exit 1; the figure runs from the signal to the wall-clock stamp the new process writes as its first statement (min_uptime 100 ms, restart_delay 0). Baseline: `spawn(node, [same file])` → its stamp.',
  async run(context: BenchContext): Promise<Figure[]> {
    const dir = context.scratchDir('crash');
    const script = join(context.paths.apps, 'stamp.js');
    const { tend, pm2 } = context.pair();
    const state = new Map<Manager, { stamps: Stamps; current: Stamp }>();
    for (const manager of [tend, pm2]) {
      const stamps = new Stamps(join(dir, `${manager.tool}.stamps`), context);
      // Crashes come faster than the default min_uptime: allow plenty of restarts, no delay.
      const ecosystem = writeEcosystem(dir, `${manager.tool}.config.json`, [
        { name: 'stamp', script, env: { STAMP_FILE: stamps.path }, min_uptime: 100, max_restarts: 1000, restart_delay: 0 },
      ]);
      await manager.run(['start', ecosystem]);
      state.set(manager, { stamps, current: await stamps.next() });
    }
    const samples = { tend: [] as number[], pm2: [] as number[], node: [] as number[] };
    const bare = new Stamps(join(dir, 'node.stamps'), context);
    for (let round = 0; round < context.rounds(15, 5); round += 1) {
      for (const turn of inTurn(round, [tend, pm2, undefined])) {
        if (turn === undefined) {
          samples.node.push(await bareSpawn(script, bare));
          continue;
        }
        const entry = state.get(turn)!;
        const { ms, next } = await crashOnce(entry.stamps, entry.current);
        entry.current = next;
        (turn === tend ? samples.tend : samples.pm2).push(ms);
      }
    }
    await Promise.all([tend.kill(), pm2.kill()]);
    return [
      {
        group: 'Restart',
        label: 'crash → restarted app running JS again',
        unit: 'ms',
        tend: samples.tend,
        pm2: samples.pm2,
        baseline: { label: 'node spawn', samples: samples.node },
        goal: { kind: 'baseline-plus', value: 15 },
      },
    ];
  },
};
