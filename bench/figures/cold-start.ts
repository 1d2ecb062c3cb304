// The first command with no daemon running: `ping` starts the daemon and returns once it answers.
// Each tool's home is initialised by one unmeasured ping first (PM2 prints its banner once per home).
import type { BenchContext } from '../lib/context.js';
import type { Figure } from '../lib/figure.js';
import type { FigureGroup } from '../lib/group.js';
import type { Manager } from '../lib/managers.js';
import { inTurn } from '../lib/order.js';

async function coldPing(manager: Manager): Promise<number> {
  if (manager.daemonPid() !== undefined) throw new Error(`${manager.tool} daemon still running before a cold start`);
  const { ms } = await manager.run(['ping']);
  await manager.requireDaemonPid();
  await manager.kill();
  return ms;
}

export const coldStart: FigureGroup = {
  name: 'cold',
  method:
    'Cold start: wall time of `ping` with no daemon running, until the command exits (the daemon is up and answered); the daemon is killed between rounds; each home is initialised by one unmeasured ping.',
  async run(context: BenchContext): Promise<Figure[]> {
    const { tend, pm2 } = context.pair();
    const samples = { tend: [] as number[], pm2: [] as number[] };
    await coldPing(tend);
    await coldPing(pm2);
    for (let round = 0; round < context.rounds(8, 3); round += 1) {
      for (const manager of inTurn(round, [tend, pm2])) {
        const ms = await coldPing(manager);
        (manager === tend ? samples.tend : samples.pm2).push(ms);
      }
    }
    return [
      {
        group: 'Daemon',
        label: 'cold start (first `ping`, no daemon)',
        unit: 'ms',
        tend: samples.tend,
        pm2: samples.pm2,
        goal: { kind: 'pm2-ratio', value: 0.5 },
      },
    ];
  },
};
