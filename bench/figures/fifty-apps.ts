// 50 idle apps from one file: time to start them all (until every one is online) and to delete them,
// the daemon's RSS idle and with 50 apps, and — once per run, with both tools' apps, PM2's apps with
// its agent off (`pmx: false`) and 50 plain `node` processes all up at once — the CPU the daemons and
// the apps use while idle (utime+stime from /proc) and the RSS of one idle app.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { delay, now, waitFor } from '../lib/clock.js';
import type { BenchContext } from '../lib/context.js';
import { idleApps, writeEcosystem } from '../lib/ecosystem.js';
import type { Figure } from '../lib/figure.js';
import type { FigureGroup } from '../lib/group.js';
import type { Manager } from '../lib/managers.js';
import { inTurn } from '../lib/order.js';
import { anonMiB, cpuTicks, isAlive, rssMiB, ticksPerSecond } from '../lib/proc.js';
import { sum } from '../lib/stats.js';

const appCount = 50;

/** Starts the file's apps; ms until the command returned with every app online (or, if some were not yet, until a later jlist showed them all). */
async function startAll(manager: Manager, file: string): Promise<{ ms: number; pids: number[] }> {
  const started = now();
  await manager.run(['start', file]);
  const returned = now();
  const first = await manager.processes();
  const allOnline = (list: typeof first): boolean => list.filter((entry) => entry.status === 'online').length >= appCount;
  if (allOnline(first)) return { ms: returned - started, pids: first.map((entry) => entry.pid) };
  const list = await manager.waitOnline(appCount);
  return { ms: now() - started, pids: list.map((entry) => entry.pid) };
}

/** Deletes the file's apps; ms until the command returned and every app process was gone. */
async function deleteAll(manager: Manager, file: string, pids: readonly number[]): Promise<number> {
  const started = now();
  await manager.run(['delete', file]);
  await waitFor(`${manager.tool} apps to exit`, () => (pids.some(isAlive) ? undefined : true), 30_000, 5);
  return now() - started;
}

interface Side {
  label: string;
  /** Undefined for plain node processes. */
  daemon: number | undefined;
  pids: number[];
}

interface Idle {
  daemonCpu: Map<string, number[]>;
  appsCpu: Map<string, number[]>;
  appRss: Map<string, number[]>;
}

/** CPU per window (percent of one core) of each side's daemon and of its apps together, then each app's RSS. */
async function measureIdle(sides: readonly Side[], windows: number, windowMs: number): Promise<Idle> {
  const idle: Idle = { daemonCpu: new Map(), appsCpu: new Map(), appRss: new Map() };
  for (const side of sides) {
    idle.daemonCpu.set(side.label, []);
    idle.appsCpu.set(side.label, []);
  }
  const percent = (ticks: number, ms: number): number => (ticks / ticksPerSecond / (ms / 1000)) * 100;
  for (let window = 0; window < windows; window += 1) {
    const startTicks = sides.map((side) => ({ daemon: side.daemon === undefined ? 0 : cpuTicks(side.daemon), apps: sum(side.pids.map(cpuTicks)) }));
    const started = now();
    await delay(windowMs);
    const elapsed = now() - started;
    sides.forEach((side, index) => {
      const before = startTicks[index]!;
      if (side.daemon !== undefined) idle.daemonCpu.get(side.label)!.push(percent(cpuTicks(side.daemon) - before.daemon, elapsed));
      idle.appsCpu.get(side.label)!.push(percent(sum(side.pids.map(cpuTicks)) - before.apps, elapsed));
    });
  }
  for (const side of sides) idle.appRss.set(side.label, side.pids.map(rssMiB));
  return idle;
}

function spawnPlainNode(context: BenchContext, count: number): number[] {
  return Array.from({ length: count }, () => {
    const child = spawn(process.execPath, [join(context.paths.apps, 'idle.js')], { stdio: 'ignore' });
    if (child.pid === undefined) throw new Error('could not spawn node');
    context.trackPid(child.pid);
    child.unref();
    return child.pid;
  });
}

export const fiftyApps: FigureGroup = {
  name: 'fifty',
  method:
    '50 idle apps: `start FILE` until the command returned with all 50 online (checked with `jlist`); `delete FILE` until every app process exited; daemon private memory (RssAnon, the goal: it leaves out the pages of the node binary both daemons map) and RSS (VmRSS) 1 s after `ping` and 2 s after the start, and RssAnon once more, with the apps of both daemons running, after the idle CPU windows (V8 shrinks an idle heap after some seconds). Idle CPU: tend, PM2, PM2 with `pmx: false` and 50 plain `node` processes all running at once, utime+stime deltas from /proc/<pid>/stat over three windows; app RSS is VmRSS of each of the 50 apps (so its min–max spans apps).',
  async run(context: BenchContext): Promise<Figure[]> {
    const dir = context.scratchDir('fifty');
    const file = writeEcosystem(dir, 'fifty.config.json', idleApps(context.paths.apps, 'idle', appCount));
    const noPmxFile = writeEcosystem(dir, 'fifty-nopmx.config.json', idleApps(context.paths.apps, 'idle', appCount, { pmx: false }));
    const bySide = (): Record<'tend' | 'pm2', number[]> => ({ tend: [], pm2: [] });
    const samples = { rssIdle: bySide(), rss50: bySide(), anonIdle: bySide(), anon50: bySide(), anonSettled: bySide(), start: bySide(), del: bySide() };
    let idle: Idle | undefined;
    const windowMs = context.quick ? 3_000 : 10_000;
    const idleSettleMs = context.quick ? 2_000 : 5_000;

    for (let round = 0; round < context.rounds(3, 1); round += 1) {
      const running: { manager: Manager; side: keyof typeof samples.start; pids: number[] }[] = [];
      for (const tool of inTurn(round, ['tend', 'PM2'] as const)) {
        const manager = context.manager(tool);
        const side = tool === 'tend' ? 'tend' : 'pm2';
        await manager.run(['ping']);
        const daemon = await manager.requireDaemonPid();
        await delay(1_000);
        samples.rssIdle[side].push(rssMiB(daemon));
        samples.anonIdle[side].push(anonMiB(daemon));
        const { ms, pids } = await startAll(manager, file);
        samples.start[side].push(ms);
        await delay(2_000);
        samples.rss50[side].push(rssMiB(daemon));
        samples.anon50[side].push(anonMiB(daemon));
        running.push({ manager, side, pids });
      }
      if (round === 0) {
        const noPmx = context.manager('PM2');
        const { pids: noPmxPids } = await startAll(noPmx, noPmxFile);
        const plainPids = spawnPlainNode(context, appCount);
        const sides: Side[] = running.map(({ manager, side, pids }): Side => ({ label: side, daemon: manager.daemonPid(), pids }));
        sides.push({ label: 'pm2-nopmx', daemon: noPmx.daemonPid(), pids: noPmxPids }, { label: 'node', daemon: undefined, pids: plainPids });
        // Let every app finish its start (PM2's agent keeps initialising for a while).
        await delay(idleSettleMs);
        idle = await measureIdle(sides, 3, windowMs);
        // Both daemons again after the idle windows: V8 gives memory back once a process has idled for a while.
        for (const { manager, side } of running) samples.anonSettled[side].push(anonMiB(manager.daemonPid() ?? 0));
        await noPmx.kill();
      }
      for (const { manager, side, pids } of inTurn(round, running)) {
        samples.del[side].push(await deleteAll(manager, file, pids));
        await manager.kill();
      }
    }
    await context.cleanup();

    const group = 'Daemon and apps, 50 idle apps';
    const get = (map: Map<string, number[]> | undefined, key: string): number[] => map?.get(key) ?? [];
    const node = (map: Map<string, number[]> | undefined): { label: string; samples: number[] } => ({ label: 'node', samples: get(map, 'node') });
    const window = `${windowMs / 1000} s windows`;
    return [
      {
        group,
        label: 'daemon private memory (RssAnon), idle',
        unit: 'MiB',
        tend: samples.anonIdle.tend,
        pm2: samples.anonIdle.pm2,
        goal: { kind: 'pm2-ratio', value: 0.75 },
      },
      {
        group,
        label: 'daemon private memory (RssAnon), 50 apps',
        unit: 'MiB',
        tend: samples.anon50.tend,
        pm2: samples.anon50.pm2,
        goal: { kind: 'pm2-ratio', value: 0.75 },
      },
      {
        group,
        label: `daemon private memory (RssAnon), 50 apps, settled (after the idle CPU windows, ${Math.round((idleSettleMs + 3 * windowMs) / 1000)} s later)`,
        unit: 'MiB',
        tend: samples.anonSettled.tend,
        pm2: samples.anonSettled.pm2,
      },
      {
        group,
        label: 'daemon RSS, idle (beside RssAnon: RSS also counts the node binary both map)',
        unit: 'MiB',
        tend: samples.rssIdle.tend,
        pm2: samples.rssIdle.pm2,
      },
      { group, label: 'daemon RSS, 50 apps', unit: 'MiB', tend: samples.rss50.tend, pm2: samples.rss50.pm2 },
      {
        group,
        label: 'start 50 apps from one file, until all online',
        unit: 'ms',
        tend: samples.start.tend,
        pm2: samples.start.pm2,
        goal: { kind: 'pm2-ratio', value: 0.6 },
      },
      {
        group,
        label: 'delete the 50 apps, until all exited',
        unit: 'ms',
        tend: samples.del.tend,
        pm2: samples.del.pm2,
        goal: { kind: 'pm2-ratio', value: 0.6 },
      },
      {
        group,
        label: `daemon CPU, 50 idle apps (${window})`,
        unit: '%',
        tend: get(idle?.daemonCpu, 'tend'),
        pm2: get(idle?.daemonCpu, 'pm2'),
        goal: { kind: 'at-most', value: 0.2 },
      },
      { group, label: `daemon CPU, 50 idle apps, PM2 pmx: false`, unit: '%', tend: get(idle?.daemonCpu, 'tend'), pm2: get(idle?.daemonCpu, 'pm2-nopmx') },
      {
        group,
        label: `the 50 apps' own CPU (${window})`,
        unit: '%',
        tend: get(idle?.appsCpu, 'tend'),
        pm2: get(idle?.appsCpu, 'pm2'),
        baseline: node(idle?.appsCpu),
        goal: { kind: 'baseline-plus', value: 0 },
      },
      {
        group,
        label: `the 50 apps' own CPU, PM2 pmx: false`,
        unit: '%',
        tend: get(idle?.appsCpu, 'tend'),
        pm2: get(idle?.appsCpu, 'pm2-nopmx'),
        baseline: node(idle?.appsCpu),
      },
      {
        group,
        label: 'RSS of one idle app (50 apps)',
        unit: 'MiB',
        tend: get(idle?.appRss, 'tend'),
        pm2: get(idle?.appRss, 'pm2'),
        baseline: node(idle?.appRss),
        goal: { kind: 'baseline-plus', value: 1 },
      },
      {
        group,
        label: 'RSS of one idle app, PM2 pmx: false',
        unit: 'MiB',
        tend: get(idle?.appRss, 'tend'),
        pm2: get(idle?.appRss, 'pm2-nopmx'),
        baseline: node(idle?.appRss),
      },
    ];
  },
};
