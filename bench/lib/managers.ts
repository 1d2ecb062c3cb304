// tend and PM2 behind one interface: each instance is a CLI bound to its own home (TEND_HOME /
// PM2_HOME), so both tools run side by side without seeing each other or the user's daemons.
import { existsSync, readFileSync } from 'node:fs';
import { isAlive, killQuietly, runCommand, type CommandOptions, type CommandResult } from './proc.js';
import { waitFor } from './clock.js';

export type ToolName = 'tend' | 'PM2';

export interface ManagedProcess {
  name: string;
  pmId: number;
  pid: number;
  status: string;
}

export class Manager {
  /** Every app pid this manager reported, killed at cleanup if still alive. */
  private readonly seenPids = new Set<number>();
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly tool: ToolName,
    readonly home: string,
    private readonly cli: readonly string[],
  ) {
    const env = { ...process.env };
    delete env.TEND_HOME;
    delete env.PM2_HOME;
    env[tool === 'tend' ? 'TEND_HOME' : 'PM2_HOME'] = home;
    this.env = env;
  }

  /** Runs the CLI with its home; `env` adds variables to the manager's environment. */
  run(args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    return runCommand([...this.cli, ...args], { ...options, env: { ...this.env, ...options.env } });
  }

  /** Peak memory (maxRSS, MiB) of one CLI run, learned by a preload (bench/lib/max-rss.ts); not a timed run. */
  async peakMiB(args: readonly string[], options: CommandOptions = {}): Promise<number> {
    const file = `${this.home}/max-rss.${process.pid}`;
    const preload = new URL('./max-rss.js', import.meta.url).href;
    await this.run(args, { ...options, env: { ...options.env, BENCH_MAX_RSS_FILE: file, NODE_OPTIONS: `--import=${preload}` } });
    return Number(readFileSync(file, 'utf8')) / 1024;
  }

  daemonPid(): number | undefined {
    const file = `${this.home}/${this.tool === 'tend' ? 'tend.pid' : 'pm2.pid'}`;
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  }

  /** The daemon's pid, waiting for its pid file (written just after it starts listening). */
  async requireDaemonPid(): Promise<number> {
    return waitFor(`${this.tool} daemon pid`, () => this.daemonPid(), 10_000);
  }

  async processes(): Promise<ManagedProcess[]> {
    const { stdout } = await this.run(['jlist']);
    // PM2 may print notices before the JSON array.
    const list = JSON.parse(stdout.slice(stdout.indexOf('['))) as { name: string; pm_id: number; pid: number; pm2_env: { status: string } }[];
    const processes = list.map((entry) => ({ name: entry.name, pmId: entry.pm_id, pid: entry.pid, status: entry.pm2_env.status }));
    for (const entry of processes) if (entry.pid > 0) this.seenPids.add(entry.pid);
    return processes;
  }

  /** Polls jlist until `count` processes are online. */
  async waitOnline(count: number, timeoutMs = 60_000): Promise<ManagedProcess[]> {
    return waitFor(
      `${count} ${this.tool} processes online`,
      async () => {
        const list = await this.processes();
        return list.filter((entry) => entry.status === 'online' && isAlive(entry.pid)).length >= count ? list : undefined;
      },
      timeoutMs,
      50,
    );
  }

  /** Stops the daemon and every app through the CLI, then kills by pid whatever survived. */
  async kill(): Promise<void> {
    const daemon = this.daemonPid();
    if (daemon !== undefined) {
      // Learn the current app pids first, for the kill-by-pid fallback.
      await this.processes().catch(() => []);
      await this.run(['kill'], { allowFailure: true, timeoutMs: 30_000 }).catch(() => undefined);
      await waitFor(`${this.tool} daemon ${daemon} to exit`, () => (isAlive(daemon) ? undefined : true), 5_000).catch(() => killQuietly(daemon));
    }
    for (const pid of this.seenPids) if (isAlive(pid)) killQuietly(pid);
    this.seenPids.clear();
  }
}
