// 200,000 lines written as fast as the pipe takes them, in three modes (plain ASCII, `time: true`,
// multibyte UTF-8): time from the start command to the last byte in the log file, lines lost or not
// whole and byte-exact (split, merged, mangled), and the daemon's peak RSS meanwhile.
import { createRequire } from 'node:module';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { delay, now } from '../lib/clock.js';
import type { BenchContext } from '../lib/context.js';
import { writeEcosystem } from '../lib/ecosystem.js';
import type { Figure } from '../lib/figure.js';
import type { FigureGroup } from '../lib/group.js';
import type { Manager } from '../lib/managers.js';
import { inTurn } from '../lib/order.js';
import { rssMiB } from '../lib/proc.js';

const lineCount = 200_000;

interface Mode {
  name: string;
  kind: 'ascii' | 'utf8';
  time: boolean;
}

const modes: readonly Mode[] = [
  { name: 'plain', kind: 'ascii', time: false },
  { name: '`time: true`', kind: 'ascii', time: true },
  { name: 'UTF-8', kind: 'utf8', time: false },
];

/** A timestamp prefix as either tool writes it ("2024-01-02T03:04:05: " and the like). */
const timePrefix = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d[0-9.:+\-Z ]*$/;

interface Check {
  /** Records of which not even the sequence number arrived. */
  lost: number;
  /** Lines that are not exactly one whole record (split, merged, mangled or repeated). */
  bad: number;
}

function checkLog(text: string, mode: Mode, line: (n: number, kind: string) => string): Check {
  const seen = new Uint8Array(lineCount);
  const mentioned = new Uint8Array(lineCount);
  for (const match of text.matchAll(/L(\d+)\|/g)) {
    const n = Number(match[1]);
    if (n < lineCount) mentioned[n] = 1;
  }
  let bad = 0;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const entry of lines) {
    const start = entry.indexOf('L');
    const bar = entry.indexOf('|', start);
    const n = Number(entry.slice(start + 1, bar));
    const prefix = entry.slice(0, Math.max(start, 0));
    const prefixOk = mode.time ? timePrefix.test(prefix) : prefix === '';
    if (start < 0 || bar < 0 || !Number.isInteger(n) || n < 0 || n >= lineCount || !prefixOk || entry.slice(start) !== line(n, mode.kind) || seen[n] === 1) {
      bad += 1;
      continue;
    }
    seen[n] = 1;
  }
  return { lost: lineCount - mentioned.reduce((total, value) => total + value, 0), bad };
}

interface Run {
  ms: number;
  check: Check;
  peakRss: number;
}

/** Starts the flood app and polls its log until it holds every byte and stops growing. */
async function flood(
  context: BenchContext,
  manager: Manager,
  daemon: number,
  mode: Mode,
  tag: string,
  expectedBytes: number,
  line: (n: number, kind: string) => string,
): Promise<Run> {
  const dir = context.scratchDir('flood');
  const out = join(dir, 'out.log');
  const name = `flood-${tag}`;
  const app = {
    name,
    script: join(context.paths.apps, 'flood.js'),
    autorestart: false,
    out_file: out,
    error_file: join(dir, 'err.log'),
    time: mode.time,
    env: { FLOOD_LINES: String(lineCount), FLOOD_KIND: mode.kind },
  };
  const file = writeEcosystem(dir, 'flood.config.json', [app]);
  let peakRss = rssMiB(daemon);
  const started = now();
  let size = 0;
  let changedAt = started;
  const command = manager.run(['start', file]);
  let commandDone = false;
  void command.then(
    () => (commandDone = true),
    () => (commandDone = true),
  );
  for (;;) {
    await delay(5);
    const current = existsSync(out) ? statSync(out).size : 0;
    const at = now();
    if (current !== size) {
      size = current;
      changedAt = at;
    }
    peakRss = Math.max(peakRss, rssMiB(daemon));
    const quietMs = at - changedAt;
    if (commandDone && size >= expectedBytes && quietMs >= 300) break;
    // Stalled short of the expected size: lines were lost (or the app died).
    if (commandDone && quietMs >= 3_000) break;
    if (at - started > 120_000) throw new Error(`${manager.tool} flood (${mode.name}) did not finish in 120 s`);
  }
  await command;
  const check = checkLog(readFileSync(out, 'utf8'), mode, line);
  await manager.run(['delete', name]);
  return { ms: changedAt - started, check, peakRss };
}

export const logFlood: FigureGroup = {
  name: 'logs',
  method:
    'Log flood: an app writes 200,000 numbered lines (varying lengths; ASCII or multibyte UTF-8) as fast as the pipe takes them, then exits (autorestart off); time from the `start` command to the last change of the log file, polled every 5 ms. Every line must be exactly one whole record (with a timestamp prefix in `time` mode); lost = records whose sequence number never appears.',
  async run(context: BenchContext): Promise<Figure[]> {
    const require = createRequire(import.meta.url);
    const { line } = require(join(context.paths.apps, 'flood-lines.js')) as { line: (n: number, kind: string) => string };
    const { tend, pm2 } = context.pair();
    const daemons = new Map<Manager, number>();
    for (const manager of [tend, pm2]) {
      await manager.run(['ping']);
      daemons.set(manager, await manager.requireDaemonPid());
    }
    const figures: Figure[] = [];
    const peak = { tend: [] as number[], pm2: [] as number[] };
    for (const mode of modes) {
      let expectedBytes = 0;
      for (let n = 0; n < lineCount; n += 1) expectedBytes += Buffer.byteLength(line(n, mode.kind)) + 1;
      const runs = { tend: [] as Run[], pm2: [] as Run[] };
      for (let round = 0; round < context.rounds(3, 1); round += 1) {
        for (const manager of inTurn(round, [tend, pm2])) {
          const run = await flood(context, manager, daemons.get(manager)!, mode, `${modes.indexOf(mode)}-${round}`, expectedBytes, line);
          (manager === tend ? runs.tend : runs.pm2).push(run);
          (manager === tend ? peak.tend : peak.pm2).push(run.peakRss);
        }
      }
      const group = 'Logs: 200,000-line flood';
      figures.push(
        {
          group,
          label: `${mode.name}: time to complete`,
          unit: 'ms',
          tend: runs.tend.map((run) => run.ms),
          pm2: runs.pm2.map((run) => run.ms),
          goal: { kind: 'pm2-ratio', value: 1 },
        },
        {
          group,
          label: `${mode.name}: lines lost`,
          unit: 'count',
          tend: runs.tend.map((run) => run.check.lost),
          pm2: runs.pm2.map((run) => run.check.lost),
          goal: { kind: 'at-most', value: 0 },
        },
        {
          group,
          label: `${mode.name}: lines split or corrupted`,
          unit: 'count',
          tend: runs.tend.map((run) => run.check.bad),
          pm2: runs.pm2.map((run) => run.check.bad),
          goal: { kind: 'at-most', value: 0 },
        },
      );
    }
    figures.push({ group: 'Logs: 200,000-line flood', label: 'daemon peak RSS during a flood', unit: 'MiB', tend: peak.tend, pm2: peak.pm2 });
    await Promise.all([tend.kill(), pm2.kill()]);
    return figures;
  },
};
