// `tend slist` / `sysinfos` (PM2's system information) and `tend report` (what to paste into a bug
// report): the machine, the versions, the home and the apps, read without starting anything.
import type { Command } from 'commander';
import { arch, availableParallelism, cpus, freemem, hostname, loadavg, platform, release, totalmem, uptime, userInfo } from 'node:os';
import { version } from '../../version.js';
import { homePaths, resolveHome } from '../../protocol/home.js';
import { withDaemon } from '../daemon-session.js';
import type { ProcessRecord } from '../../protocol/messages.js';
import { printJson, printLine } from '../views/output.js';

function systemInfo() {
  return {
    hostname: hostname(),
    platform: platform(),
    release: release(),
    arch: arch(),
    cpus: { count: availableParallelism(), model: cpus()[0]?.model ?? 'unknown' },
    memory: { total: totalmem(), free: freemem() },
    load: loadavg(),
    uptime: uptime(),
    user: userInfo().username,
    node: process.version,
  };
}

/** The daemon's list when a daemon runs; `report` must not start one to describe the machine. */
async function runningApps(): Promise<{ daemon: number | null; apps: ProcessRecord[] }> {
  try {
    return await withDaemon(async (client) => ({ daemon: (await client.request('ping', {})).pid, apps: await client.request('list', {}) }), {
      autoStart: false,
    });
  } catch {
    return { daemon: null, apps: [] };
  }
}

export function register(program: Command): void {
  for (const name of ['slist', 'sysinfos']) {
    program
      .command(name)
      .description('system information (cpu, memory, load, versions) as JSON')
      .action(() => printJson(systemInfo()));
  }
  program
    .command('report')
    .description('versions, machine, home and apps, to paste into a bug report')
    .action(async () => {
      const home = resolveHome();
      const { daemon, apps } = await runningApps();
      const lines = [
        '===== tend report =====',
        `tend ${version}, node ${process.version}, ${platform()} ${release()} ${arch()}`,
        `home: ${home} (daemon log: ${homePaths(home).daemonLog})`,
        `daemon: ${daemon === null ? 'not running' : `pid ${daemon}`}`,
        `cpus: ${availableParallelism()}, memory: ${Math.round(freemem() / 1048576)} MiB free of ${Math.round(totalmem() / 1048576)} MiB, load: ${loadavg()
          .map((value) => value.toFixed(2))
          .join(' ')}`,
        `apps: ${apps.length === 0 ? 'none' : ''}`,
        ...apps.map(
          (app) =>
            `  ${app.pm_id} ${app.name} ${app.pm2_env.exec_mode} ${app.pm2_env.status} restarts=${app.pm2_env.restart_time} script=${String(app.pm2_env.pm_exec_path)}`,
        ),
      ];
      for (const line of lines) printLine(line);
    });
}
