// `plan` for 1,000 apps (tend only): the planner in-process on generated normalized specs (the
// daemon's share of `tend plan`), normalization of the raw apps (the CLI's share), and the whole CLI
// against a daemon holding none of them, then all of them applied (autostart: false, so no processes
// run) with every tenth app's env changed.
import { join } from 'node:path';
import { now } from '../lib/clock.js';
import type { BenchContext } from '../lib/context.js';
import { writeEcosystem, type AppConfig } from '../lib/ecosystem.js';
import type { Figure } from '../lib/figure.js';
import type { FigureGroup } from '../lib/group.js';
import { runCommand } from '../lib/proc.js';
import { plan } from '../../src/reconciler/plan.js';
import type { LiveApp } from '../../src/reconciler/types.js';
import { normalizeApps } from '../../src/ecosystem/load.js';
import type { OwnedSpec } from '../../src/ecosystem/types.js';

const appCount = 1_000;

/** 1,000 apps of varied shape: some clusters, env of a few keys, live options set here and there. */
function rawApps(script: string, version: string): AppConfig[] {
  return Array.from({ length: appCount }, (_, index) => ({
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

export const planFigures: FigureGroup = {
  name: 'plan',
  method:
    'Plan: `plan()` from dist/src/reconciler/plan.js on 1,000 normalized specs (100 with a changed env, a tenth of them 2-instance clusters), after 3 warm-up runs; normalization of the raw apps timed the same way; the CLI `tend plan FILE` against a daemon with none of the apps, then with all 1,000 applied (autostart: false, so nothing runs).',
  async run(context: BenchContext): Promise<Figure[]> {
    const dir = context.scratchDir('plan');
    const script = join(context.paths.apps, 'idle.js');
    const iterations = context.rounds(30, 10);
    const source = join(dir, 'thousand.config.json');

    const normalize = (version: string) => normalizeApps(rawApps(script, version), { baseDir: dir, file: source }).apps;
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
    writeEcosystem(dir, 'thousand.config.json', rawApps(script, 'v1'));
    const cliRounds = context.rounds(10, 3);
    const node: number[] = [];
    const cliNew: number[] = [];
    for (let round = 0; round < cliRounds; round += 1) {
      node.push((await runCommand([process.execPath, '-e', '0'])).ms);
      cliNew.push((await tend.run(['plan', source])).ms);
    }
    await tend.run(['apply', source, '--yes'], { timeoutMs: 300_000 });
    writeEcosystem(dir, 'thousand.config.json', rawApps(script, 'v2'));
    const cliChanged: number[] = [];
    for (let round = 0; round < cliRounds; round += 1) cliChanged.push((await tend.run(['plan', source])).ms);
    await tend.kill();

    const group = 'Plan, 1,000 apps (tend only)';
    const baseline = { label: 'node -e 0', samples: node };
    return [
      { group, label: 'plan(), in-process (100 changed of 1,000 applied)', unit: 'ms', tend: planMs, pm2: [], goal: { kind: 'at-most', value: 50 } },
      { group, label: 'normalize 1,000 raw apps, in-process', unit: 'ms', tend: normalizeMs, pm2: [] },
      { group, label: '`tend plan FILE`, nothing applied yet', unit: 'ms', tend: cliNew, pm2: [], baseline },
      { group, label: '`tend plan FILE`, 100 changed of 1,000 applied', unit: 'ms', tend: cliChanged, pm2: [], baseline },
    ];
  },
};
