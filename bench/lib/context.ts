// What every figure group gets: the mode, paths, fresh temp dirs, and managers that are all killed at
// the end however the run ends.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { Manager, type ToolName } from './managers.js';
import { isAlive, killQuietly } from './proc.js';

export interface Paths {
  repoRoot: string;
  /** bench/apps: the fixture apps (plain CommonJS, run by both tools). */
  apps: string;
  tendCli: string;
  pm2Cli: string;
}

export class BenchContext {
  private readonly managers: Manager[] = [];
  /** Processes the bench spawned itself (plain-node baselines). */
  private readonly pids = new Set<number>();
  private serial = 0;

  constructor(
    readonly quick: boolean,
    readonly paths: Paths,
    /** A temp dir of this run; every home and scratch dir lives under it. */
    readonly tmpRoot: string,
    /** `--rounds N`: every group's count of rounds. */
    private readonly roundsOverride?: number,
  ) {}

  /** Full-run count, or the quick one, or the one asked for with --rounds. */
  rounds(full: number, quick: number): number {
    return this.roundsOverride ?? (this.quick ? quick : full);
  }

  scratchDir(label: string): string {
    return mkdtempSync(join(this.tmpRoot, `${label}-`));
  }

  /** A manager with a home of its own (no daemon is started until a command needs one). */
  manager(tool: ToolName): Manager {
    this.serial += 1;
    const home = join(this.tmpRoot, `${tool === 'tend' ? 't' : 'p'}${this.serial}`);
    mkdirSync(home, { recursive: true, mode: 0o700 });
    const cli = tool === 'tend' ? [process.execPath, this.paths.tendCli] : [process.execPath, this.paths.pm2Cli];
    const manager = new Manager(tool, home, cli);
    this.managers.push(manager);
    return manager;
  }

  /** Both tools, each with its own home. */
  pair(): { tend: Manager; pm2: Manager } {
    return { tend: this.manager('tend'), pm2: this.manager('PM2') };
  }

  trackPid(pid: number): void {
    this.pids.add(pid);
  }

  /** Kills every daemon and process the run started; safe to call more than once. */
  async cleanup(): Promise<void> {
    const managers = this.managers.splice(0);
    await Promise.all(managers.map((manager) => manager.kill()));
    for (const pid of this.pids) if (isAlive(pid)) killQuietly(pid);
    this.pids.clear();
  }
}
