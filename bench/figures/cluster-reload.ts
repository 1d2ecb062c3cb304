// A 2-instance cluster HTTP app under autocannon load at 20 connections on 127.0.0.1: throughput in a
// steady window, then 3 reloads in a row; failed requests (errors, resets, timeouts, non-2xx) over
// the whole load and throughput during the reloads as a share of steady state, both over each tool's
// own reload time and over one fixed window, the same for both tools, that starts with the reloads.
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

/**
 * The fixed window starts with the first reload and is the same for both tools: at least this long,
 * and twice the slower tool's 3 reloads in a warm-up round (rounded up to the half second), so it holds
 * the reloads of either tool even on a slow machine.
 */
const minimumWindowMs = 5_000;

function windowFor(warmUpReloadMs: readonly number[]): number {
  return Math.max(minimumWindowMs, Math.ceil((2 * Math.max(...warmUpReloadMs)) / 500) * 500);
}

interface Round {
  failed: number;
  steady: number;
  reloading: number;
  /** Answers per second in the fixed window from the first reload on. */
  fixedWindow: number | undefined;
  /** Throughput in the second after the last reload: how soon the new workers are back to steady. */
  after: number;
  reloadMs: number;
}

async function reloadUnderLoad(autocannon: Autocannon, manager: Manager, url: string, steadyMs: number, fixedWindowMs: number): Promise<Round> {
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
  // The count at the end of the fixed window is taken by a timer, wherever the reloads are then.
  let fixedCount: number | undefined;
  const fixedTimer = setTimeout(() => (fixedCount = answered - reloadFrom), fixedWindowMs);
  for (let reload = 0; reload < 3; reload += 1) await manager.run(['reload', 'web']);
  const reloadMs = now() - reloadStart;
  const reloading = ((answered - reloadFrom) / reloadMs) * 1000;
  const afterFrom = answered;
  const afterStart = now();
  await delay(1_000);
  const after = ((answered - afterFrom) / (now() - afterStart)) * 1000;
  await waitFor('the end of the fixed window', () => (fixedCount === undefined ? undefined : true), fixedWindowMs + 1_000);
  clearTimeout(fixedTimer);
  // Reloads that outlast the window still count over it (the slower tool is the one that pays), but say so.
  if (reloadMs > fixedWindowMs)
    process.stderr.write(`[bench] ${manager.tool}: 3 reloads took ${Math.round(reloadMs)} ms, longer than the ${fixedWindowMs} ms window\n`);
  const fixedWindow = fixedCount === undefined ? undefined : (fixedCount / fixedWindowMs) * 1000;
  load.stop();
  const result = await load;
  return { failed: result.errors + result.non2xx, steady, reloading, fixedWindow, after, reloadMs };
}

export const clusterReload: FigureGroup = {
  name: 'reload',
  method: `Cluster reload: a plain HTTP app (no shutdown handling of its own), 2 cluster instances, autocannon with 20 keep-alive connections on 127.0.0.1; a steady window, then \`reload web\` 3 times in a row. Failed = autocannon errors (incl. resets and timeouts) + non-2xx over the whole load. The fixed-window figure, the same window for both tools: requests answered in W from the first reload on ÷ (steady rate × W), where W is the same for both tools, at least ${minimumWindowMs / 1000} s and twice the slower tool's 3 reloads in an unrecorded warm-up round, so that it holds the 3 reloads of either tool (a round whose reloads outlast it still counts over W, and the run says so on stderr); W is in the figure's label. Throughput during the reloads (each tool's own reload time) is answers per second in that time ÷ the steady rate, and likewise for the second after the last reload.`,
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
    const steadyMs = context.quick ? 2_000 : 3_000;
    const warmUp: number[] = [];
    for (const manager of [tend, pm2]) warmUp.push((await reloadUnderLoad(autocannon, manager, urls.get(manager)!, steadyMs, minimumWindowMs)).reloadMs);
    const fixedWindowMs = windowFor(warmUp);
    const rounds: Record<'tend' | 'pm2', Round[]> = { tend: [], pm2: [] };
    for (let round = 0; round < context.rounds(3, 1); round += 1) {
      for (const manager of inTurn(round, [tend, pm2])) {
        rounds[manager === tend ? 'tend' : 'pm2'].push(await reloadUnderLoad(autocannon, manager, urls.get(manager)!, steadyMs, fixedWindowMs));
      }
    }
    await Promise.all([tend.kill(), pm2.kill()]);
    const group = 'Cluster reload (2 instances, 20 connections)';
    const pick = (key: Exclude<keyof Round, 'fixedWindow'>, side: 'tend' | 'pm2'): number[] => rounds[side].map((round) => round[key]);
    const share = (side: 'tend' | 'pm2', key: 'reloading' | 'after' | 'fixedWindow'): number[] =>
      rounds[side].flatMap((round) => {
        const rate = round[key];
        return rate === undefined ? [] : [(rate / round.steady) * 100];
      });
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
        label: `answered in a fixed window holding the 3 reloads (${fixedWindowMs / 1000} s, both tools), % of steady`,
        unit: '%',
        tend: share('tend', 'fixedWindow'),
        pm2: share('pm2', 'fixedWindow'),
        goal: { kind: 'pm2-ratio-at-least', value: 1 },
      },
      {
        group,
        label: "throughput during reloads (each tool's own reload time), % of steady",
        unit: '%',
        tend: share('tend', 'reloading'),
        pm2: share('pm2', 'reloading'),
      },
      { group, label: 'throughput in the second after, % of steady', unit: '%', tend: share('tend', 'after'), pm2: share('pm2', 'after') },
      { group, label: 'steady throughput', unit: 'req/s', tend: pick('steady', 'tend'), pm2: pick('steady', 'pm2') },
      { group, label: 'time for 3 reloads', unit: 'ms', tend: pick('reloadMs', 'tend'), pm2: pick('reloadMs', 'pm2') },
    ];
  },
};
