// Costs that must not grow with the number of apps: 5,000 idle apps registered from one file
// (`autostart: false`, so none runs), then `ls`, `jlist`, start/stop/delete of one app, and `ping`
// while one more app crash-loops, for both tools; plus the daemon's CPU during that crash loop.
// `plan FILE` at 5,000 apps is in plan.ts.
import { join } from 'node:path';
import { delay, now } from '../lib/clock.js';
import type { BenchContext } from '../lib/context.js';
import { idleApps, writeEcosystem } from '../lib/ecosystem.js';
import type { Figure } from '../lib/figure.js';
import type { FigureGroup } from '../lib/group.js';
import type { Manager } from '../lib/managers.js';
import { inTurn } from '../lib/order.js';
import { cpuTicks, runCommand, ticksPerSecond } from '../lib/proc.js';

export const manyAppCount = 5_000;

type Side = 'tend' | 'pm2';
type Verb = 'ls' | 'jlist' | 'start' | 'stop' | 'delete' | 'ping';

/** One round of the verbs on one app each (a different one every round), timed from spawn to exit. */
async function verbs(manager: Manager, round: number): Promise<Record<Exclude<Verb, 'ping'>, number>> {
  const timed = async (args: string[]): Promise<number> => (await manager.run(args, { timeoutMs: 120_000 })).ms;
  const app = `many-${10 + round}`;
  return {
    ls: await timed(['ls']),
    jlist: await timed(['jlist']),
    start: await timed(['start', app]),
    stop: await timed(['stop', app]),
    delete: await timed(['delete', `many-${1_000 + round}`]),
  };
}

export const manyApps: FigureGroup = {
  name: 'many',
  method: `${manyAppCount.toLocaleString('en')} apps: ${manyAppCount.toLocaleString('en')} idle apps registered from one file with \`start FILE\` (\`autostart: false\`, so no process runs; \`min_uptime: 100\`, since tend's \`start\` of an app returns once it stayed up min_uptime and PM2's at launch), then per round \`ls\`, \`jlist\`, \`start\` / \`stop\` of one app and \`delete\` of another (a different app each round), each from spawn to exit of the CLI. Then one more app that crashes 200 ms after each start (\`min_uptime: 100\`, so it never counts as unstable and is restarted forever) and \`ping\` timed while it loops; the daemon's CPU (utime+stime from /proc) over the pings, as % of one core.`,
  async run(context: BenchContext): Promise<Figure[]> {
    const dir = context.scratchDir('many');
    const file = writeEcosystem(dir, 'many.config.json', idleApps(context.paths.apps, 'many', manyAppCount, { autostart: false, min_uptime: 100 }));
    const crasher = writeEcosystem(dir, 'crasher.config.json', [{ name: 'crasher', script: join(context.paths.apps, 'crash.js'), min_uptime: 100 }]);
    const { tend, pm2 } = context.pair();
    const managers: Record<Side, Manager> = { tend, pm2 };
    const sides: Side[] = ['tend', 'pm2'];
    const samples = Object.fromEntries(
      sides.map((side) => [side, { ls: [], jlist: [], start: [], stop: [], delete: [], ping: [], cpu: [] }]),
    ) as unknown as Record<Side, Record<Verb | 'cpu', number[]>>;
    const register: Record<Side, number> = { tend: 0, pm2: 0 };
    for (const side of sides) {
      await managers[side].run(['ping']);
      const started = now();
      await managers[side].run(['start', file], { timeoutMs: 600_000 });
      register[side] = now() - started;
    }

    const rounds = context.rounds(3, 1);
    for (let round = 0; round < rounds; round += 1) {
      for (const side of inTurn(round, sides)) {
        const timed = await verbs(managers[side], round);
        for (const [verb, ms] of Object.entries(timed)) samples[side][verb as Verb].push(ms);
      }
    }

    const node: number[] = [];
    for (const side of sides) await managers[side].run(['start', crasher]);
    // A few crashes in, so the loop is in its steady rhythm.
    await delay(1_500);
    const pings = context.rounds(6, 3);
    for (let round = 0; round < pings; round += 1) {
      for (const side of inTurn(round, sides)) {
        const daemon = managers[side].daemonPid();
        if (daemon === undefined) throw new Error(`${side} daemon is gone`);
        const ticks = cpuTicks(daemon);
        const started = now();
        samples[side].ping.push((await managers[side].run(['ping'])).ms);
        // The window spans the ping and a pause after it, so the CPU share is not only the ping's own.
        await delay(500);
        samples[side].cpu.push(((cpuTicks(daemon) - ticks) / ticksPerSecond / ((now() - started) / 1000)) * 100);
      }
      node.push((await runCommand([process.execPath, '-e', '0'])).ms);
    }
    await Promise.all([tend.kill(), pm2.kill()]);

    const group = `${manyAppCount.toLocaleString('en')} apps registered (autostart: false)`;
    const row = (label: string, verb: Verb, goal?: Figure['goal']): Figure => ({
      group,
      label,
      unit: 'ms',
      tend: samples.tend[verb],
      pm2: samples.pm2[verb],
      ...(goal === undefined ? {} : { goal }),
    });
    return [
      { group, label: '`start FILE` registering them (once)', unit: 'ms', tend: [register.tend], pm2: [register.pm2] },
      row('`ls`', 'ls', { kind: 'at-most', value: 1_000 }),
      row('`jlist`', 'jlist'),
      row('`start` of one app (returns once it is up)', 'start', { kind: 'at-most', value: 300 }),
      row('`stop` of one app', 'stop', { kind: 'at-most', value: 300 }),
      row('`delete` of one app', 'delete', { kind: 'at-most', value: 300 }),
      { ...row('`ping` while one more app crash-loops', 'ping', { kind: 'at-most', value: 100 }), baseline: { label: 'node -e 0', samples: node } },
      { group, label: 'daemon CPU while one app crash-loops', unit: '%', tend: samples.tend.cpu, pm2: samples.pm2.cpu },
    ];
  },
};
