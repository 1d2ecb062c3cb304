// Costs that must not grow with the number of apps: N apps registered (autostart: false) through one
// ecosystem file, then `ls`, `jlist`, start/stop/delete of one app and `plan FILE` timed against them.
// Runnable on its own: `node dist/bench/figures/many-apps.js [N ...] [--runs K]` (default N = 1000,
// 3 runs; the median is printed). TEND_BENCH_PROFILE=DIR writes CPU profiles of the daemon there.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const tendBin = join(root, 'bin/tend.js');
const idleApp = join(root, 'bench/apps/idle.js');

interface Timed {
  ms: number;
  status: number | null;
  stdoutBytes: number;
}

function tend(home: string, args: string[], nodeOptions = ''): Timed {
  const started = performance.now();
  const run = spawnSync(process.execPath, [tendBin, ...args], {
    env: { ...process.env, TEND_HOME: home, NODE_OPTIONS: nodeOptions, NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - started;
  if (run.status !== 0 && !(args[0] === 'plan')) process.stderr.write(`tend ${args.join(' ')} exited ${run.status}: ${run.stderr.slice(0, 500)}\n`);
  return { ms, status: run.status, stdoutBytes: run.stdout.length };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function ecosystem(dir: string, count: number, release: string): string {
  const apps = Array.from({ length: count }, (_, index) => ({
    name: `app-${index}`,
    script: idleApp,
    autostart: false,
    env: { NODE_ENV: 'production', APP_INDEX: String(index), RELEASE: index % 10 === 3 ? release : 'v1' },
  }));
  const file = join(dir, `ecosystem-${release}.json`);
  writeFileSync(file, JSON.stringify({ apps }));
  return file;
}

function measure(count: number, runs: number): Record<string, number> {
  const home = mkdtempSync(join(tmpdir(), 'tend-many-'));
  const profileDir = process.env.TEND_BENCH_PROFILE;
  const daemonOptions = profileDir ? `--cpu-prof --cpu-prof-dir=${profileDir}` : '';
  const figures: Record<string, number> = {};
  try {
    // The first command starts the daemon: with NODE_OPTIONS set, the daemon inherits the profiler.
    tend(home, ['ping'], daemonOptions);
    const file = ecosystem(home, count, 'v1');
    figures.apply = tend(home, ['apply', file, '--yes']).ms;
    const changed = ecosystem(home, count, 'v2');
    const time = (name: string, args: string[]): void => {
      figures[name] = median(Array.from({ length: runs }, () => tend(home, args).ms));
    };
    time('ping', ['ping']);
    time('ls', ['ls']);
    time('jlist', ['jlist']);
    time('plan FILE (no change)', ['plan', file]);
    time('plan FILE (10 % changed)', ['plan', changed]);
    time('start one', ['start', 'app-7']);
    time('stop one', ['stop', 'app-7']);
    const deletes: number[] = [];
    for (let run = 0; run < runs; run++) deletes.push(tend(home, ['delete', `app-${run + 1}`]).ms);
    figures['delete one'] = median(deletes);
  } finally {
    tend(home, ['kill']);
    if (!profileDir) rmSync(home, { recursive: true, force: true });
  }
  return figures;
}

const argv = process.argv.slice(2);
const runsAt = argv.indexOf('--runs');
const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 3;
const counts = argv.filter((arg, index) => /^\d+$/.test(arg) && index !== runsAt + 1).map(Number);
for (const count of counts.length > 0 ? counts : [1000]) {
  const figures = measure(count, runs);
  process.stdout.write(`${count} apps (median of ${runs}):\n`);
  for (const [name, ms] of Object.entries(figures)) process.stdout.write(`  ${name.padEnd(26)} ${ms.toFixed(0).padStart(7)} ms\n`);
}
