// `tend profile:cpu <app>` / `tend profile:mem <app>`: records a CPU profile or a heap profile of a
// running Node app, without restarting it, into a file Chrome DevTools and VS Code open. The app's
// inspector is opened with SIGUSR1, used for the recording, and closed again (src/profile).
// PM2's profile:cpu|mem profile PM2's own daemon; tend profiles the app named (README, differences).
import { basename, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { TendError } from '../../errors/index.js';
import { parseDuration } from '../../ecosystem/units.js';
import type { ProcessRecord } from '../../protocol/messages.js';
import { captureProfile, profileExtensions, type ProfileKind } from '../../profile/capture.js';
import { openInspector } from '../../profile/open-inspector.js';
import { logicalCwd } from '../../workspace/cwd.js';
import { withDaemon } from '../daemon-session.js';
import { printLine, printNotice } from '../views/output.js';

interface ProfileOptions {
  duration: string;
  out?: string;
  snapshot?: boolean;
}

const inspectorTimeoutMs = 10_000;

function isNode(record: ProcessRecord): boolean {
  const interpreter = basename(String(record.pm2_env.exec_interpreter));
  return record.pm2_env.exec_mode === 'cluster_mode' || interpreter === 'node' || interpreter === 'nodejs' || interpreter === basename(process.execPath);
}

/** The online processes the target names: an id, or every instance of a name. */
function selected(records: readonly ProcessRecord[], target: string): ProcessRecord[] {
  const byId = /^\d+$/.test(target) ? records.filter((record) => record.pm_id === Number(target)) : [];
  const matching = byId.length > 0 ? byId : records.filter((record) => record.name === target);
  if (matching.length === 0) throw new TendError('E_APP_NOT_FOUND', `no app named '${target}'`);
  const online = matching.filter((record) => record.pm2_env.status === 'online' && record.pid > 0);
  if (online.length === 0) throw new TendError('E_APP_NOT_FOUND', `${target} has no online process to profile`);
  const other = online.find((record) => !isNode(record));
  if (other) throw new TendError('E_PROFILE_NOT_NODE', `${other.name} runs ${String(other.pm2_env.exec_interpreter)}, not Node.js`);
  return online;
}

function stamp(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** --out as given (the kind's extension added when it has none); with several processes, `-<pm_id>` before the extension. */
function fileFor(record: ProcessRecord, kind: ProfileKind, out: string | undefined, several: boolean): string {
  const extension = profileExtensions[kind];
  if (out === undefined) return resolve(logicalCwd(), `${record.name}-${record.pm_id}-${stamp(new Date())}${extension}`);
  const path = resolve(logicalCwd(), out);
  const given = extname(path);
  const stem = path.slice(0, path.length - given.length);
  return `${stem}${several ? `-${record.pm_id}` : ''}${given || extension}`;
}

async function profile(target: string, kind: ProfileKind, options: ProfileOptions): Promise<void> {
  const durationMs = parseDuration(options.duration);
  if (durationMs === undefined || durationMs <= 0)
    throw new TendError('E_USAGE', `--duration ${options.duration} is not a duration (10s, 500ms, or milliseconds)`);
  await withDaemon(async (client) => {
    const records = selected(await client.request('list', {}), target);
    for (const record of records) {
      const file = fileFor(record, kind, options.out, records.length > 1);
      const url = await openInspector(client, record, inspectorTimeoutMs);
      if (kind !== 'snapshot') printNotice(`${record.name} (id ${record.pm_id}, pid ${record.pid}): recording for ${durationMs} ms…`);
      await captureProfile(url, { kind, durationMs, file, pid: record.pid });
      printLine(`${record.name} (id ${record.pm_id}): wrote ${file}`);
    }
    printNotice(
      kind === 'cpu'
        ? 'Open it in Chrome DevTools (Performance panel: Load profile) or VS Code.'
        : 'Open it in Chrome DevTools (Memory panel: Load profile) or VS Code.',
    );
  });
}

export function register(program: Command): void {
  program
    .command('profile:cpu')
    .description('record a CPU profile of a Node app (.cpuprofile for Chrome DevTools)')
    .argument('<app>', 'app name or id (every online instance of a name is profiled)')
    .option('--duration <time>', 'how long to record: 10s, 500ms, or milliseconds', '10s')
    .option('--out <file>', 'where to write it (default: <app>-<id>-<date>.cpuprofile here)')
    .action((app: string, options: ProfileOptions) => profile(app, 'cpu', options));
  program
    .command('profile:mem')
    .description('record a sampling heap profile of a Node app (.heapprofile), or with --snapshot a heap snapshot')
    .argument('<app>', 'app name or id (every online instance of a name is profiled)')
    .option('--duration <time>', 'how long to sample allocations: 10s, 500ms, or milliseconds', '10s')
    .option('--snapshot', 'take a full heap snapshot (.heapsnapshot) instead')
    .option('--out <file>', 'where to write it (default: <app>-<id>-<date>.heapprofile here)')
    .action((app: string, options: ProfileOptions) => profile(app, options.snapshot === true ? 'snapshot' : 'heap', options));
}
