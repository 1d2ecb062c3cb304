// `plan` for 1,000 and 5,000 apps (tend only): the planner in-process on generated normalized specs
// (the daemon's share of `tend plan`), normalization of the raw apps (the CLI's share), and the whole
// CLI against a daemon holding none of them, then all of them applied (autostart: false, so no
// processes run) with every tenth app's env changed; at each count the CLI's peak memory too.
import { join } from 'node:path';
import { now } from '../lib/clock.js';
import type { BenchContext } from '../lib/context.js';
import { writeEcosystem, type AppConfig } from '../lib/ecosystem.js';
import type { Figure, Goal } from '../lib/figure.js';
import type { FigureGroup } from '../lib/group.js';
import { runCommand } from '../lib/proc.js';
import { plan } from '../../src/reconciler/plan.js';
import type { LiveApp } from '../../src/reconciler/types.js';
import { normalizeApps } from '../../src/ecosystem/load.js';
import type { OwnedSpec } from '../../src/ecosystem/types.js';

/** `count` apps of varied shape: some clusters, env of a few keys, live options set here and there. */
function rawApps(count: number, script: string, version: string): AppConfig[] {
  return Array.from({ length: count }, (_, index) => ({
    name: `app-${index}`,
    script,
    instances: index % 10 === 0 ? 2 : 1,
    exec_mode: index % 10 === 0 ? 'cluster' : 'fork',
    autostart: false,
    env: { NODE_ENV: 'production', APP_INDEX: String(index), RELEASE: index % 10 === 3 ? version : 'v1' },
    ...(index % 4 === 0 ? { max_memory_restart: '300M' } : {}),
  }));
}

function timeIt(iterations: number, body: () => void): number[] {
  for (let warm = 0; warm < 3; warm += 1) body();
  return Array.from({ length: iterations }, () => {
    const started = now();
    body();
    return now() - started;
  });
}

/** Goals of issue 20 by app count. */
const goals: Record<number, { cli: Goal; memory?: Goal; plan?: Goal }> = {
  1_000: { cli: { kind: 'at-most', value: 150 }, plan: { kind: 'at-most', value: 50 } },
  5_000: { cli: { kind: 'at-most', value: 1_000 }, memory: { kind: 'at-most', value: 150 } },
};

async function planFiguresAt(context: BenchContext, count: number): Promise<Figure[]> {
  const dir = context.scratchDir(`plan-${count}`);
  const script = join(context.paths.apps, 'idle.js');
  const iterations = context.rounds(count > 1_000 ? 10 : 30, count > 1_000 ? 3 : 10);
  const source = join(dir, 'apps.config.json');
  const changed = count / 10;

  const normalize = (version: string) => normalizeApps(rawApps(count, script, version), { baseDir: dir, file: source }).apps;
  const normalizeMs = timeIt(iterations, () => normalize('v2'));
  const applied: OwnedSpec[] = normalize('v1').map((spec) => ({ spec, source }));
  const desired = normalize('v2');
  const live: LiveApp[] = applied.map(({ spec }) => ({
    name: spec.name,
    running: spec.instances,
    total: spec.instances,
    status: `${spec.instances} online`,
    revision: 1,
  }));
  const planMs = timeIt(iterations, () => plan({ desired, source, applied, live, options: { prune: true, mode: 'apply' } }));

  const tend = context.manager('tend');
  await tend.run(['ping']);
  writeEcosystem(dir, 'apps.config.json', rawApps(count, script, 'v1'));
  const cliRounds = context.rounds(count > 1_000 ? 5 : 10, count > 1_000 ? 2 : 3);
  const node: number[] = [];
  const cliNew: number[] = [];
  for (let round = 0; round < cliRounds; round += 1) {
    node.push((await runCommand([process.execPath, '-e', '0'])).ms);
    cliNew.push((await tend.run(['plan', source], { timeoutMs: 300_000 })).ms);
  }
  await tend.run(['apply', source, '--yes'], { timeoutMs: 600_000 });
  writeEcosystem(dir, 'apps.config.json', rawApps(count, script, 'v2'));
  const cliChanged: number[] = [];
  for (let round = 0; round < cliRounds; round += 1) cliChanged.push((await tend.run(['plan', source], { timeoutMs: 300_000 })).ms);
  const memory = [await tend.peakMiB(['plan', source], { timeoutMs: 300_000 })];
  await tend.kill();

  const n = count.toLocaleString('en');
  const group = `Plan, ${n} apps (tend only)`;
  const baseline = { label: 'node -e 0', samples: node };
  const goal = goals[count];
  const withGoal = (figure: Figure, wanted: Goal | undefined): Figure => (wanted === undefined ? figure : { ...figure, goal: wanted });
  return [
    withGoal({ group, label: `plan(), in-process (${changed.toLocaleString('en')} changed of ${n} applied)`, unit: 'ms', tend: planMs, pm2: [] }, goal?.plan),
    { group, label: `normalize ${n} raw apps, in-process`, unit: 'ms', tend: normalizeMs, pm2: [] },
    { group, label: '`tend plan FILE`, nothing applied yet', unit: 'ms', tend: cliNew, pm2: [], baseline },
    withGoal(
      { group, label: `\`tend plan FILE\`, ${changed.toLocaleString('en')} changed of ${n} applied`, unit: 'ms', tend: cliChanged, pm2: [], baseline },
      goal?.cli,
    ),
    withGoal(
      { group, label: `\`tend plan FILE\` peak memory of the CLI (maxRSS), ${changed.toLocaleString('en')} changed`, unit: 'MiB', tend: memory, pm2: [] },
      goal?.memory,
    ),
  ];
}

export const planFigures: FigureGroup = {
  name: 'plan',
  method:
    "Plan, at 1,000 and 5,000 apps: `plan()` from dist/src/reconciler/plan.js on normalized specs (a tenth with a changed env, a tenth of them 2-instance clusters), after 3 warm-up runs; normalization of the raw apps timed the same way; the CLI `tend plan FILE` against a daemon with none of the apps, then with all of them applied (autostart: false, so nothing runs) and a tenth changed; the CLI's peak memory is its maxRSS (getrusage) in one more, untimed run.",
  async run(context: BenchContext): Promise<Figure[]> {
    return [...(await planFiguresAt(context, 1_000)), ...(await planFiguresAt(context, 5_000))];
  },
};
