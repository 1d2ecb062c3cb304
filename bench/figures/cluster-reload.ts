// A 2-instance cluster HTTP app under autocannon load at 20 connections on 127.0.0.1: throughput in a
// steady window, then 3 reloads in a row; failed requests (errors, resets, timeouts, non-2xx) over
// the whole load and throughput during the reload window as a share of steady state.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { delay, now, waitFor } from '../lib/clock.js';
import type { BenchContext } from '../lib/context.js';
import { writeEcosystem } from '../lib/ecosystem.js';
import type { Figure } from '../lib/figure.js';
import type { FigureGroup } from '../lib/group.js';
import type { Manager } from '../lib/managers.js';
import { inTurn } from '../lib/order.js';

interface LoadResult {
  errors: number;
  timeouts: number;
  non2xx: number;
}
interface LoadInstance extends PromiseLike<LoadResult> {
  stop(): void;
  on(event: 'response', listener: () => void): void;
}
type Autocannon = (options: Record<string, unknown>) => LoadInstance;

async function loadAutocannon(): Promise<Autocannon> {
  // autocannon ships no types; this is the part the bench uses.
  const name: string = 'autocannon';
  return ((await import(name)) as { default: Autocannon }).default;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function answers(url: string): Promise<true | undefined> {
  try {
    return (await fetch(url)).ok ? true : undefined;
  } catch {
    return undefined;
  }
}

interface Round {
  failed: number;
  steady: number;
  reloading: number;
  /** Throughput in the second after the last reload: how soon the new workers are back to steady. */
  after: number;
  reloadMs: number;
}

async function reloadUnderLoad(autocannon: Autocannon, manager: Manager, url: string, steadyMs: number): Promise<Round> {
  const load = autocannon({ url, connections: 20, duration: 600 });
  let answered = 0;
  load.on('response', () => (answered += 1));
  await waitFor('load to start', () => (answered > 0 ? true : undefined), 10_000);
  await delay(500);
  const steadyStart = now();
  const steadyFrom = answered;
  await delay(steadyMs);
  const steady = ((answered - steadyFrom) / (now() - steadyStart)) * 1000;
  const reloadStart = now();
  const reloadFrom = answered;
  for (let reload = 0; reload < 3; reload += 1) await manager.run(['reload', 'web']);
  const reloadMs = now() - reloadStart;
  const reloading = ((answered - reloadFrom) / reloadMs) * 1000;
  const afterFrom = answered;
  const afterStart = now();
  await delay(1_000);
  const after = ((answered - afterFrom) / (now() - afterStart)) * 1000;
  load.stop();
  const result = await load;
  return { failed: result.errors + result.non2xx, steady, reloading, after, reloadMs };
}

export const clusterReload: FigureGroup = {
  name: 'reload',
  method:
    'Cluster reload: a plain HTTP app (no shutdown handling of its own), 2 cluster instances, autocannon with 20 keep-alive connections on 127.0.0.1; a steady window, then `reload web` 3 times in a row. Failed = autocannon errors (incl. resets and timeouts) + non-2xx over the whole load; throughput during the reloads is answers per second in that window ÷ the steady rate, and likewise for the second after the last reload.',
  async run(context: BenchContext): Promise<Figure[]> {
    const autocannon = await loadAutocannon();
    const dir = context.scratchDir('reload');
    const { tend, pm2 } = context.pair();
    const urls = new Map<Manager, string>();
    for (const manager of [tend, pm2]) {
      const port = await freePort();
      const file = writeEcosystem(dir, `${manager.tool}.config.json`, [
        { name: 'web', script: join(context.paths.apps, 'http.js'), exec_mode: 'cluster', instances: 2, env: { PORT: String(port) } },
      ]);
      await manager.run(['start', file]);
      await manager.waitOnline(2);
      const url = `http://127.0.0.1:${port}/`;
      await waitFor(`${manager.tool} web to answer`, () => answers(url), 10_000, 50);
      urls.set(manager, url);
    }
    const rounds: Record<'tend' | 'pm2', Round[]> = { tend: [], pm2: [] };
    for (let round = 0; round < context.rounds(3, 1); round += 1) {
      for (const manager of inTurn(round, [tend, pm2])) {
        rounds[manager === tend ? 'tend' : 'pm2'].push(await reloadUnderLoad(autocannon, manager, urls.get(manager)!, context.quick ? 2_000 : 3_000));
      }
    }
    await Promise.all([tend.kill(), pm2.kill()]);
    const group = 'Cluster reload (2 instances, 20 connections)';
    const pick = (key: keyof Round, side: 'tend' | 'pm2'): number[] => rounds[side].map((round) => round[key]);
    const share = (side: 'tend' | 'pm2', key: 'reloading' | 'after'): number[] => rounds[side].map((round) => (round[key] / round.steady) * 100);
    return [
      {
        group,
        label: 'failed requests during 3 reloads',
        unit: 'count',
        tend: pick('failed', 'tend'),
        pm2: pick('failed', 'pm2'),
        goal: { kind: 'at-most', value: 0 },
      },
      {
        group,
        label: 'throughput during reloads, % of steady',
        unit: '%',
        tend: share('tend', 'reloading'),
        pm2: share('pm2', 'reloading'),
        goal: { kind: 'at-least', value: 90 },
      },
      { group, label: 'throughput in the second after, % of steady', unit: '%', tend: share('tend', 'after'), pm2: share('pm2', 'after') },
      { group, label: 'steady throughput', unit: 'req/s', tend: pick('steady', 'tend'), pm2: pick('steady', 'pm2') },
      { group, label: 'time for 3 reloads', unit: 'ms', tend: pick('reloadMs', 'tend'), pm2: pick('reloadMs', 'pm2') },
    ];
  },
};
