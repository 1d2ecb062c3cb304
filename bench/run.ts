// `npm run bench [-- --quick] [-- --rounds N] [-- --only cli,plan]`: runs every figure group against tend and a pinned
// PM2, prints the table and (for a run of every group) writes docs/benchmarks.md. Every daemon and
// process the run starts is killed at the end, also on failure or Ctrl-C.
import { cpus, freemem, loadavg, release, tmpdir, totalmem } from 'node:os';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { now } from './lib/clock.js';
import { BenchContext } from './lib/context.js';
import type { Figure } from './lib/figure.js';
import type { FigureGroup } from './lib/group.js';
import { ensurePm2, pm2Version } from './lib/pm2-install.js';
import { snapshotTend } from './lib/tend-snapshot.js';
import { consoleTable } from './render/console.js';
import { markdown } from './render/markdown.js';
import { cliLatency } from './figures/cli-latency.js';
import { coldStart } from './figures/cold-start.js';
import { fiftyApps } from './figures/fifty-apps.js';
import { crashRestart } from './figures/crash-restart.js';
import { clusterReload } from './figures/cluster-reload.js';
import { logFlood } from './figures/log-flood.js';
import { planFigures } from './figures/plan.js';
import { manyApps } from './figures/many-apps.js';

const groups: readonly FigureGroup[] = [cliLatency, coldStart, fiftyApps, crashRestart, clusterReload, logFlood, planFigures, manyApps];

interface Args {
  quick: boolean;
  only: string[] | undefined;
  /** Rounds of every group, instead of its own full or quick count. */
  rounds: number | undefined;
}

function parseRounds(text: string | undefined): number {
  const rounds = Number(text);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds takes a whole number of at least 1, not ${text ?? 'nothing'}`);
  return rounds;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { quick: false, only: undefined, rounds: undefined };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '--quick') args.quick = true;
    else if (arg === '--rounds') args.rounds = parseRounds(argv[++index]);
    else if (arg.startsWith('--rounds=')) args.rounds = parseRounds(arg.slice('--rounds='.length));
    else if (arg === '--only') args.only = (argv[++index] ?? '').split(',').filter(Boolean);
    else if (arg.startsWith('--only=')) args.only = arg.slice('--only='.length).split(',').filter(Boolean);
    else throw new Error(`unknown argument ${arg} (use --quick, --rounds N, --only ${groups.map((group) => group.name).join(',')})`);
  }
  const unknown = args.only?.filter((name) => !groups.some((group) => group.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown group ${unknown.join(', ')} (groups: ${groups.map((group) => group.name).join(', ')})`);
  return args;
}

function gitRevision(repoRoot: string): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, encoding: 'utf8' }).trim() !== '';
    return `${head}${dirty ? ' + uncommitted changes' : ''}`;
  } catch {
    return 'unknown';
  }
}

function packageVersion(file: string): string {
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const started = now();
  const loadAtStart = loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
  const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
  const pm2Cli = await ensurePm2(join(repoRoot, 'bench', '.work'));
  const tmpRoot = mkdtempSync(join(tmpdir(), 'tend-bench-'));
  const tendCli = snapshotTend(repoRoot, join(tmpRoot, 'tend-build'));
  const context = new BenchContext(args.quick, { repoRoot, apps: join(repoRoot, 'bench', 'apps'), tendCli, pm2Cli }, tmpRoot, args.rounds);

  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping every daemon and process of this run …\n`);
    void context.cleanup().finally(() => {
      rmSync(tmpRoot, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const selected = groups.filter((group) => args.only === undefined || args.only.includes(group.name));
  const figures: Figure[] = [];
  const failures: string[] = [];
  try {
    for (const group of selected) {
      const groupStarted = now();
      process.stderr.write(`[bench] ${group.name} …\n`);
      try {
        figures.push(...(await group.run(context)));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`${group.name}: ${message}`);
        process.stderr.write(`[bench] ${group.name} failed: ${message}\n`);
      } finally {
        await context.cleanup();
      }
      process.stderr.write(`[bench] ${group.name} done in ${((now() - groupStarted) / 1000).toFixed(1)} s\n`);
    }
  } finally {
    await context.cleanup();
    rmSync(tmpRoot, { recursive: true, force: true });
  }

  process.stdout.write(`${consoleTable(figures)}\n`);
  for (const failure of failures) process.stdout.write(`FAILED ${failure}\n`);
  if (args.only === undefined) {
    const cpu = cpus();
    const doc = markdown(figures, {
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      quick: args.quick,
      durationMs: now() - started,
      machine: [
        `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}`,
        `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} GiB free at the end)`,
        `Linux ${release()}`,
        `load average ${loadAtStart} at the start, ${loadavg()
          .map((load) => load.toFixed(2))
          .join(' ')} at the end`,
      ],
      versions: [
        `node ${process.version}`,
        `tend ${packageVersion(join(repoRoot, 'package.json'))} (${gitRevision(repoRoot)})`,
        `pm2 ${pm2Version}`,
        `autocannon ${packageVersion(join(repoRoot, 'node_modules', 'autocannon', 'package.json'))}`,
      ],
      notes: [...selected.map((group) => group.method), ...failures.map((failure) => `**Failed**: ${failure}`)],
    });
    writeFileSync(join(repoRoot, 'docs', 'benchmarks.md'), doc);
    process.stderr.write('[bench] wrote docs/benchmarks.md\n');
  }
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
