// A real daemon in a temp TEND_HOME for integration tests, driven through the real CLI.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliResult } from './cli.js';

export { waitFor } from './wait.js';

export interface TestHome {
  home: string;
  dir: string;
  tend: (args: readonly string[], options?: { cwd?: string; env?: Record<string, string> }) => Promise<CliResult>;
  jlist: () => Promise<JlistRecord[]>;
  daemonPid: () => number | null;
  cleanup: () => Promise<void>;
}

export interface JlistRecord {
  pid: number;
  name: string;
  pm_id: number;
  pm2_env: Record<string, unknown> & { status: string; restart_time: number; env: Record<string, string>; namespace: string; exec_mode: string };
  monit: { cpu: number; memory: number };
}

export function makeHome(prefix = 'tend-it-'): TestHome {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const home = join(dir, 'home');
  const pids = new Set<number>();
  const tend: TestHome['tend'] = (args, options = {}) =>
    runCli(args, { home, ...(options.cwd ? { cwd: options.cwd } : {}), ...(options.env ? { env: options.env } : {}) });
  const jlist = async (): Promise<JlistRecord[]> => {
    const result = await tend(['jlist']);
    if (result.code !== 0) throw new Error(`jlist failed: ${result.stderr}`);
    const records = JSON.parse(result.stdout) as JlistRecord[];
    for (const record of records) if (record.pid > 0) pids.add(record.pid);
    return records;
  };
  const daemonPid = (): number | null => {
    try {
      return Number(readFileSync(join(home, 'tend.pid'), 'utf8').trim()) || null;
    } catch {
      return null;
    }
  };
  return {
    home,
    dir,
    tend,
    jlist,
    daemonPid,
    async cleanup() {
      const daemon = daemonPid();
      await tend(['kill']).catch(() => undefined);
      // Anything this test saw running that survived (a test that killed its daemon with -9).
      for (const pid of [...pids, ...(daemon ? [daemon] : [])]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Whether `pid` runs. A zombie (exited, not yet reaped: a killed daemon whose new parent is slow to
 * reap, or a PID 1 that never does) counts as gone.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\S+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return false;
  }
}

/** The daemon's own log (pino JSON lines in TEND_HOME/tend.log) as records; empty before it exists. */
export function daemonLogEntries<T extends { msg: string }>(home: string): T[] {
  let text = '';
  try {
    text = readFileSync(join(home, 'tend.log'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as T);
}

/** A CommonJS project folder `work` in the test's temp dir, holding `script` as `app.js`. */
export function makeWorkDir(t: TestHome, script: string): string {
  const work = join(t.dir, 'work');
  mkdirSync(work, { recursive: true });
  copyFileSync(script, join(work, 'app.js'));
  writeFileSync(join(work, 'package.json'), '{ "type": "commonjs" }');
  return work;
}
