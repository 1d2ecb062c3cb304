// One running app process, fork mode (a detached child leading its own process group) or cluster mode
// (a node:cluster worker of the daemon), behind one small interface: pid, exit, IPC, readiness signals.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import cluster, { type ClusterSettings } from 'node:cluster';
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { startTimeOf } from './proc.js';
import { spawnInTurn } from './spawn-hold.js';

export interface LaunchPlan {
  mode: 'fork' | 'cluster';
  /** fork: the program to run; cluster: the app's script (run by the worker bootstrap). */
  file: string;
  args: string[];
  /** cluster: Node flags of the worker. */
  execArgv: string[];
  cwd: string;
  env: Record<string, string>;
  /** Give the process an IPC channel (Node programs). Cluster workers always have one. */
  ipc: boolean;
  uid?: number;
  gid?: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** ms since epoch */
  at: number;
}

interface AppProcessEvents {
  message: [unknown];
  listening: [];
  exit: [ExitInfo];
}

const workerBootstrap = fileURLToPath(new URL('./cluster-worker.js', import.meta.url));
const STDERR_TAIL_BYTES = 4096;

export class AppProcess extends EventEmitter<AppProcessEvents> {
  readonly pid: number;
  /** Start time from /proc (null if the process was already gone when read). */
  readonly pidStart: string | null;
  readonly startedAt = Date.now();
  /** The app sent 'ready' over IPC. */
  sawReady = false;
  /** A cluster worker started listening on a server. */
  sawListening = false;
  exitInfo: ExitInfo | null = null;
  readonly exited: Promise<ExitInfo>;
  private stderrTail = '';

  private constructor(
    readonly mode: 'fork' | 'cluster',
    private readonly child: ChildProcess,
    pid: number,
  ) {
    super();
    this.pid = pid;
    this.pidStart = startTimeOf(pid);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal, at: Date.now() };
        this.emit('exit', this.exitInfo);
        resolve(this.exitInfo);
      });
    });
    child.on('message', (message: unknown) => {
      if (message === 'ready') this.sawReady = true;
      this.emit('message', message);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    // An app that exits or closes its stdin must not take the daemon down with an EPIPE.
    child.stdin?.on('error', () => undefined);
  }

  /** Writes to the app's stdin (PM2's `send`); false when it has none or it is closed. */
  writeInput(text: string): boolean {
    const stdin = this.child.stdin;
    if (!stdin || stdin.destroyed || !stdin.writable) return false;
    stdin.write(text);
    return true;
  }

  static start(plan: LaunchPlan): Promise<AppProcess> {
    return plan.mode === 'cluster' ? startWorker(plan) : startFork(plan);
  }

  /** Wraps a child once spawned; rejects with the spawn error (ENOENT, EACCES, …). */
  static whenSpawned(mode: 'fork' | 'cluster', child: ChildProcess): Promise<AppProcess> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      child.once('error', onError);
      child.once('spawn', () => {
        child.off('error', onError);
        // Later errors (a failed send on a closing channel) are reported through send's result.
        child.on('error', () => undefined);
        resolve(new AppProcess(mode, child, child.pid ?? -1));
      });
    });
  }

  get stdout(): Readable | null {
    return this.child.stdout;
  }

  get stderr(): Readable | null {
    return this.child.stderr;
  }

  get hasIpc(): boolean {
    return this.child.connected;
  }

  /** Marks the process as listening (cluster workers; emitted by the cluster module). */
  markListening(): void {
    this.sawListening = true;
    this.emit('listening');
  }

  /** IPC message to the app; false when it has no open channel. */
  send(message: unknown): Promise<boolean> {
    if (!this.child.connected) return Promise.resolve(false);
    return new Promise((resolve) => {
      try {
        this.child.send(message as never, (error) => resolve(error === null || error === undefined));
      } catch {
        resolve(false);
      }
    });
  }

  /** The last lines the process wrote to stderr, once its stderr ended (or after at most `waitMs`). */
  async lastErrorLines(count = 10, waitMs = 300): Promise<string[]> {
    const stderr = this.child.stderr;
    if (stderr && !stderr.closed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        stderr.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.stderrTail
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .slice(-count);
  }
}

function startFork(plan: LaunchPlan): Promise<AppProcess> {
  const options: SpawnOptions = {
    cwd: plan.cwd,
    env: plan.env,
    // Its own process group: a stop signals the app and everything it started, and a Ctrl-C aimed at
    // the daemon's terminal does not reach the apps.
    detached: true,
    // stdin is a pipe the daemon holds open, as in PM2: `tend send` writes lines to it.
    stdio: plan.ipc ? ['pipe', 'pipe', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe'],
  };
  if (plan.uid !== undefined) options.uid = plan.uid;
  if (plan.gid !== undefined) options.gid = plan.gid;
  return AppProcess.whenSpawned(
    'fork',
    spawnInTurn(() => spawn(plan.file, plan.args, options)),
  );
}

async function startWorker(plan: LaunchPlan): Promise<AppProcess> {
  // Cluster settings are global to the primary: set them right before each fork.
  const settings: ClusterSettings & { cwd: string } = {
    exec: workerBootstrap,
    args: [plan.file, ...plan.args],
    execArgv: plan.execArgv,
    silent: true,
    cwd: plan.cwd,
  };
  if (plan.uid !== undefined) settings.uid = plan.uid;
  if (plan.gid !== undefined) settings.gid = plan.gid;
  cluster.setupPrimary(settings);
  // cluster.fork lays the env over the daemon's own: unset every daemon variable the app should not see.
  const env: Record<string, string | undefined> = Object.fromEntries(Object.keys(process.env).map((key) => [key, undefined]));
  const worker = cluster.fork(Object.assign(env, plan.env));
  worker.on('error', () => undefined);
  let app: AppProcess | null = null;
  let listened = false;
  worker.on('listening', () => {
    listened = true;
    app?.markListening();
  });
  app = await AppProcess.whenSpawned('cluster', worker.process);
  if (listened) app.markListening();
  return app;
}
