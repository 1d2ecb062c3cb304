// `ls` and `jlist` latency against a running daemon with 0 and 20 apps, next to `node -e 0` (the
// floor any Node CLI pays), measured in alternation in the same rounds.
import type { BenchContext } from '../lib/context.js';
import { idleApps, writeEcosystem } from '../lib/ecosystem.js';
import type { Figure } from '../lib/figure.js';
import type { FigureGroup } from '../lib/group.js';
import type { Manager } from '../lib/managers.js';
import { inTurn } from '../lib/order.js';
import { runCommand } from '../lib/proc.js';

const commands = ['ls', 'jlist'] as const;

interface Samples {
  node: number[];
  tend: Record<(typeof commands)[number], number[]>;
  pm2: Record<(typeof commands)[number], number[]>;
}

async function measureRounds(rounds: number, tend: Manager, pm2: Manager): Promise<Samples> {
  const samples: Samples = { node: [], tend: { ls: [], jlist: [] }, pm2: { ls: [], jlist: [] } };
  // One unmeasured pass warms the file cache for every command.
  for (const command of commands) await Promise.all([tend.run([command]), pm2.run([command])]);
  for (let round = 0; round < rounds; round += 1) {
    const runs: (() => Promise<void>)[] = [async () => void samples.node.push((await runCommand([process.execPath, '-e', '0'])).ms)];
    for (const command of commands) {
      runs.push(async () => void samples.tend[command].push((await tend.run([command])).ms));
      runs.push(async () => void samples.pm2[command].push((await pm2.run([command])).ms));
    }
    for (const run of inTurn(round, runs)) await run();
  }
  return samples;
}

function figures(samples: Samples, apps: number): Figure[] {
  return commands.map((command) => ({
    group: 'CLI latency',
    label: `\`${command}\`, ${apps} apps`,
    unit: 'ms',
    tend: samples.tend[command],
    pm2: samples.pm2[command],
    baseline: { label: 'node -e 0', samples: samples.node },
    goal: { kind: 'baseline-ratio', value: 1.3 },
  }));
}

export const cliLatency: FigureGroup = {
  name: 'cli',
  method:
    'CLI latency: wall time from spawn to exit of `ls` / `jlist` against a running daemon (0 apps, then 20 idle apps), and of `node -e 0` in the same rounds; one unmeasured pass first.',
  async run(context: BenchContext): Promise<Figure[]> {
    const rounds = context.rounds(15, 5);
    const { tend, pm2 } = context.pair();
    await Promise.all([tend.run(['ping']), pm2.run(['ping'])]);
    const empty = await measureRounds(rounds, tend, pm2);

    const file = writeEcosystem(context.scratchDir('cli'), 'twenty.config.json', idleApps(context.paths.apps, 'idle', 20));
    for (const manager of [tend, pm2]) {
      await manager.run(['start', file]);
      await manager.waitOnline(20);
    }
    const twenty = await measureRounds(rounds, tend, pm2);
    await Promise.all([tend.kill(), pm2.kill()]);
    return [...figures(empty, 0), ...figures(twenty, 20)];
  },
};
