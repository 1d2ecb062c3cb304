// The supervisor: the only code that spawns, signals and restarts app processes. It keeps one slot per
// pm_id (the caller allocates ids and instance numbers), runs the restart policy when a process exits on
// its own, and replaces cluster workers without downtime on reload. Every transition is an event.
import { pidFilePath, removePidFile, writePidFile } from './pid-file.js';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import { TendError, asTendError } from '../../errors/index.js';
import { specFields } from '../../ecosystem/catalog.js';
import type { AppSpec } from '../../ecosystem/types.js';
import type { LogHub, LogPaths } from '../logs/types.js';
import { AppProcess, type ExitInfo, type LaunchPlan } from './app-process.js';
import { appCommand, isNodeInterpreter, nodeFlags } from './command.js';
import { buildEnv } from './env.js';
import { appSettingsEnv } from './app-settings.js';
import { checkSignal, deliver, isSignalName, reapLeftovers, terminate, victimsOf } from './kill.js';
import { KeyedLock } from '../keyed-lock.js';
import { isSameProcess, readStat } from './proc.js';
import { NotReady, StartFailure, describeExit, waitUntilReady } from './readiness.js';
import { backoffResetMs, decideOnExit, freshHistory, nextBackoff, type CrashHistory } from './restart-policy.js';
import { stopProcess } from './stop.js';
import type { LifecycleEvent, ProcessStatus } from '../../protocol/events.js';
import type { InstanceInfo, LaunchRequest, OrphanRecord, SupervisorEvents } from './types.js';
import { resolveIdentity } from './user.js';

/** First retry of an app whose cwd is missing (then ×1.5 per try, capped like the restart backoff). */
const missingCwdRetryMs = 1000;

export interface SupervisorOptions {
  home: string;
  logs: LogHub;
  logger: Logger;
}

/** A new spec (and caller env) for a restart or reload. */
export interface NextSpec {
  spec: AppSpec;
  baseEnv: Record<string, string>;
}

interface Run {
  proc: AppProcess;
  /** Where this run's pid is written (pid_file), null when none. */
  pidFile: string | null;
  /** starting: readiness pending; online: exits go through the restart policy; stopping: asked to stop. */
  phase: 'starting' | 'online' | 'stopping';
}

/** A slot's record: what InstanceInfo shows (less what derives from its current run), and its runtime. */
interface Slot extends Omit<InstanceInfo, 'name' | 'pid' | 'pid_start' | 'prev_restart_delay'> {
  baseEnv: Record<string, string>;
  run: Run | null;
  history: CrashHistory;
  pendingRestart: { timer: NodeJS.Timeout } | null;
  removed: boolean;
}

interface Prepared {
  plan: LaunchPlan;
  env: Record<string, string>;
  logs: LogPaths;
}

const liveFields = (Object.keys(specFields) as (keyof AppSpec)[]).filter((key) => specFields[key].action === 'live');

export class Supervisor extends EventEmitter<SupervisorEvents> {
  private readonly slots = new Map<number, Slot>();
  /** One operation at a time per slot (start, stop, restart, reload, automatic restarts). */
  private readonly slotLock = new KeyedLock<number>();
  /** Reaps of crashed apps' leftovers still under way. */
  private readonly reaping = new Set<Promise<void>>();
  /**
   * Apps a cluster worker of which was seen listening: their workers (a reload's too) must listen to be
   * ready. Forgotten with the app's last slot, so a later app of the same name starts afresh.
   */
  private readonly listeningApps = new Set<string>();
  /** Uptime after which an app's exponential backoff starts over (EXP_BACKOFF_RESET_TIMER). */
  private readonly backoffResetMs = backoffResetMs(process.env);
  private closing = false;

  constructor(private readonly options: SupervisorOptions) {
    super();
  }

  /**
   * Stops processes a crashed daemon left behind: only those still alive with the same start time
   * (pid reuse safe), their group and their descendants. Resolves with how many were found.
   */
  static async killOrphans(records: readonly OrphanRecord[], graceMs = 1600): Promise<number> {
    const alive = records.filter((record) => record.pid_start !== null && isSameProcess(record.pid, record.pid_start));
    await Promise.all(
      alive.map((record) => {
        const leader = readStat(record.pid)?.pgid === record.pid ? record.pid : null;
        return terminate(victimsOf(record.pid, true), leader, 'SIGINT', graceMs);
      }),
    );
    return alive.length;
  }

  /** Registers the slot if new (else replaces its spec) and starts it; resolves once it is online. */
  launch(request: LaunchRequest): Promise<InstanceInfo> {
    return this.slotLock.run(request.pm_id, async () => {
      let slot = this.slots.get(request.pm_id);
      if (slot) {
        this.cancelRestart(slot);
        if (slot.run) slot.restart_time += 1;
        await this.halt(slot);
        Object.assign(slot, { spec: request.spec, baseEnv: request.baseEnv, index: request.index });
      } else {
        slot = this.newSlot(request);
        this.slots.set(slot.pm_id, slot);
      }
      slot.history = freshHistory;
      await this.start(slot, false, request.firstStart === true);
      return this.info(slot);
    });
  }

  stop(pm_id: number): Promise<InstanceInfo> {
    const slot = this.need(pm_id);
    this.cancelRestart(slot);
    return this.slotLock.run(pm_id, async () => {
      this.cancelRestart(slot);
      await this.halt(slot);
      if (slot.status !== 'stopped') this.transition(slot, 'stopped');
      return this.info(slot);
    });
  }

  /** Stop then start (with a new spec when given). */
  restart(pm_id: number, next?: NextSpec): Promise<InstanceInfo> {
    const slot = this.need(pm_id);
    this.cancelRestart(slot);
    return this.slotLock.run(pm_id, () => this.restartNow(slot, next));
  }

  /**
   * Cluster: a replacement worker is started and must be ready before the old one is drained and
   * stopped; if it is not, it is killed, the old one keeps serving and this rejects (E_RELOAD_FAILED).
   * Fork mode: a restart.
   */
  reload(pm_id: number, next?: NextSpec): Promise<InstanceInfo> {
    const slot = this.need(pm_id);
    const cluster = slot.spec.exec_mode === 'cluster' && (next?.spec.exec_mode ?? 'cluster') === 'cluster';
    if (!cluster) return this.restart(pm_id, next);
    return this.slotLock.run(pm_id, () => this.reloadWorker(slot, next));
  }

  /** Stops the slot's process and forgets the slot. */
  async remove(pm_id: number): Promise<void> {
    const slot = this.slots.get(pm_id);
    if (!slot) return;
    await this.stop(pm_id);
    slot.removed = true;
    this.slots.delete(pm_id);
    if (![...this.slots.values()].some((other) => other.spec.name === slot.spec.name)) this.listeningApps.delete(slot.spec.name);
  }

  /** Sends a signal to the instance's main process (PM2's sendSignal). */
  signal(pm_id: number, signal: string): void {
    const slot = this.need(pm_id);
    const name = checkSignal(signal);
    const proc = slot.run?.proc;
    if (!proc || proc.exitInfo || !deliver(proc.pid, name)) throw new TendError('E_NOT_RUNNING', `${label(slot)} is ${slot.status}: no process to signal`);
  }

  /** Writes a line to the instance's stdin (PM2's send). */
  sendLine(pm_id: number, line: string): void {
    const slot = this.need(pm_id);
    const proc = slot.run?.proc;
    if (!proc || proc.exitInfo || !proc.writeInput(`${line}\n`))
      throw new TendError('E_NOT_RUNNING', `${label(slot)} is ${slot.status}: no process to write to`);
  }

  /**
   * Applies the live-class fields of `spec` (restart policy, timeouts, log options, pid file, …) with
   * no restart: a running instance's capture moves to new log paths from its next line on, and its
   * pid file moves.
   */
  updateLive(pm_id: number, spec: AppSpec): void {
    const slot = this.need(pm_id);
    const updated: AppSpec = { ...slot.spec };
    for (const key of liveFields) Object.assign(updated, { [key]: spec[key] });
    slot.spec = updated;
    const target = { pm_id, name: updated.name, spec: updated };
    slot.logs = this.options.logs.pathsFor(target);
    const run = slot.run;
    if (!run || run.proc.exitInfo) return;
    this.options.logs.reconfigure(target);
    const pidFile = this.pidFileOf(slot);
    if (pidFile !== run.pidFile) {
      if (run.pidFile !== null) removePidFile(run.pidFile, run.proc.pid);
      run.pidFile = this.writePid(slot, pidFile, run.proc.pid);
    }
  }

  resetCounters(pm_id: number): void {
    const slot = this.need(pm_id);
    Object.assign(slot, { restart_time: 0, unstable_restarts: 0, created_at: Date.now(), history: freshHistory });
  }

  /** IPC message to a Node app; false when it has no channel (not running, or not Node). */
  async sendMessage(pm_id: number, data: unknown): Promise<boolean> {
    const proc = this.slots.get(pm_id)?.run?.proc;
    return proc ? proc.send(data) : false;
  }

  list(): InstanceInfo[] {
    return [...this.slots.values()].sort((a, b) => a.pm_id - b.pm_id).map((slot) => this.info(slot));
  }

  get(pm_id: number): InstanceInfo | undefined {
    const slot = this.slots.get(pm_id);
    return slot ? this.info(slot) : undefined;
  }

  /** Stops every process gracefully, in parallel; no restarts happen afterwards. */
  async shutdown(): Promise<void> {
    this.closing = true;
    const slots = [...this.slots.values()];
    for (const slot of slots) this.cancelRestart(slot);
    await Promise.all(slots.map((slot) => this.stop(slot.pm_id)));
    // What crashed apps left running is stopped before the daemon goes (SIGKILL after kill_timeout).
    await Promise.all(this.reaping);
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────

  private need(pm_id: number): Slot {
    const slot = this.slots.get(pm_id);
    if (!slot) throw new TendError('E_INSTANCE_NOT_FOUND', `no process with id ${pm_id}`);
    return slot;
  }

  private newSlot(request: LaunchRequest): Slot {
    const { pm_id, index, spec, baseEnv } = request;
    const logs = this.options.logs.pathsFor({ pm_id, name: spec.name, spec });
    return {
      pm_id,
      index,
      spec,
      baseEnv,
      status: 'stopped',
      restart_time: 0,
      unstable_restarts: 0,
      created_at: Date.now(),
      pm_uptime: 0,
      exit_code: null,
      exit_signal: null,
      env: {},
      logs,
      run: null,
      history: freshHistory,
      pendingRestart: null,
      removed: false,
    };
  }

  private info(slot: Slot): InstanceInfo {
    const proc = slot.run?.proc;
    return {
      pm_id: slot.pm_id,
      name: slot.spec.name,
      index: slot.index,
      pid: proc?.pid ?? null,
      pid_start: proc?.pidStart ?? null,
      status: slot.status,
      restart_time: slot.restart_time,
      unstable_restarts: slot.unstable_restarts,
      prev_restart_delay: slot.history.backoffMs,
      created_at: slot.created_at,
      pm_uptime: slot.pm_uptime,
      exit_code: slot.exit_code,
      exit_signal: slot.exit_signal,
      spec: slot.spec,
      logs: slot.logs,
      env: slot.env,
    };
  }

  private emitLifecycle(event: LifecycleEvent): void {
    this.emit('lifecycle', event);
  }

  private transition(slot: Slot, status: ProcessStatus): void {
    slot.status = status;
    this.emitLifecycle({ kind: status, pm_id: slot.pm_id, name: slot.spec.name, pid: slot.run?.proc.pid ?? null });
  }

  /** Everything needed to spawn the slot's process with its current spec. */
  private prepare(slot: Slot): Prepared {
    const { spec, pm_id, index } = slot;
    // Said plainly: spawn would report the missing cwd as a missing interpreter (`spawn node ENOENT`).
    if (!existsSync(spec.cwd)) throw new TendError('E_CWD_MISSING', `${label(slot)}: its working directory ${spec.cwd} does not exist`);
    const identity = resolveIdentity(spec.uid, spec.gid);
    const logs = this.options.logs.pathsFor({ pm_id, name: spec.name, spec });
    const settings = appSettingsEnv(this.options.home, spec.name);
    const env = buildEnv({ spec, baseEnv: slot.baseEnv, pm_id, index, home: this.options.home, logs, user: identity.user, settings });
    let plan: LaunchPlan;
    if (spec.exec_mode === 'cluster') {
      if (!isNodeInterpreter(spec.interpreter))
        throw new TendError('E_CLUSTER_REQUIRES_NODE', `${label(slot)}: cluster mode runs Node.js scripts only (interpreter is ${spec.interpreter})`);
      plan = {
        mode: 'cluster',
        file: spec.script,
        args: [...spec.args],
        execArgv: [...nodeFlags(spec), ...spec.interpreter_args],
        cwd: spec.cwd,
        env,
        ipc: true,
      };
    } else {
      const command = appCommand(spec);
      plan = { mode: 'fork', file: command.file, args: command.args, execArgv: [], cwd: spec.cwd, env, ipc: command.node };
    }
    if (identity.uid !== undefined) plan.uid = identity.uid;
    if (identity.gid !== undefined) plan.gid = identity.gid;
    return { plan, env, logs };
  }

  /** Spawns a process for the slot and wires its output, messages and exit. */
  private async spawn(slot: Slot, prepared: Prepared): Promise<Run> {
    let proc: AppProcess;
    try {
      proc = await AppProcess.start(prepared.plan);
    } catch (error) {
      // Node quotes a refused argument or env value ('… Received "…"'): it may be a secret, so it goes.
      const reason = asTendError(error).message.replace(/\. Received [\s\S]*$/, '');
      throw new StartFailure(`${label(slot)} could not be started (${prepared.plan.file}): ${reason}`, null, 'E_START_FAILED');
    }
    const run: Run = { proc, phase: 'starting', pidFile: null };
    proc.on('message', (data) => this.onMessage(slot, data));
    proc.on('listening', () => this.listeningApps.add(slot.spec.name));
    proc.once('exit', (exit) => this.onExit(slot, run, exit));
    run.pidFile = this.writePid(slot, this.pidFileOf(slot), proc.pid);
    // The pid file may move while the process runs (a live pid_file change): the current one goes.
    proc.once('exit', () => {
      if (run.pidFile !== null) removePidFile(run.pidFile, proc.pid);
    });
    const target = { pm_id: slot.pm_id, name: slot.spec.name, spec: slot.spec };
    this.options.logs
      .attach(target, proc.stdout, proc.stderr)
      .catch((error: unknown) => this.options.logger.warn({ err: error, pm_id: slot.pm_id }, 'log capture failed'));
    this.options.logger.info({ app: slot.spec.name, pm_id: slot.pm_id, pid: proc.pid, mode: proc.mode }, 'process started');
    return run;
  }

  private ready(slot: Slot, run: Run, env: Record<string, string>): Promise<void> {
    const { spec } = slot;
    return waitUntilReady(run.proc, {
      waitReady: spec.wait_ready,
      timeoutMs: spec.listen_timeout,
      knownToListen: this.listeningApps.has(spec.name),
      label: label(slot),
      minUptimeMs: spec.min_uptime,
      health: spec.health,
      env,
    });
  }

  /**
   * Starts the slot's process and waits until it is ready. A failed start stops the process, marks the
   * slot errored and throws — except an automatic restart whose process exits before it is ready: that
   * exit goes through the restart policy like any crash. A first start (`firstStart`) that crashes is
   * not retried: the slot ends errored.
   */
  private async start(slot: Slot, automatic: boolean, firstStart = false): Promise<void> {
    this.transition(slot, 'launching');
    let run: Run | undefined;
    try {
      const prepared = this.prepare(slot);
      slot.env = prepared.env;
      slot.logs = prepared.logs;
      run = await this.spawn(slot, prepared);
      slot.run = run;
      await this.ready(slot, run, prepared.env);
    } catch (error) {
      const failure = asTendError(error);
      // Slower than listen_timeout but alive, and no older process to keep: keep this one.
      if (run && slot.run === run && failure instanceof StartFailure && failure.code === 'E_READY_TIMEOUT' && !run.proc.exitInfo) {
        this.keepNotReady(slot, run, failure);
        if (automatic) return;
        throw new NotReady(failure);
      }
      if (run) {
        run.phase = 'stopping';
        await stopProcess(run.proc, slot.spec);
        if (slot.run === run) slot.run = null;
      }
      if (run && failure instanceof StartFailure && failure.exit && (automatic || failure.crashed)) {
        // It ran and exited: the restart policy decides what comes next, as for any exit. A start that
        // ends in a crash still fails its caller; one that finished cleanly (a one-shot job) does not.
        const clean = isCleanExit(slot.spec, failure.exit);
        this.afterCrash(slot, run.proc, failure.exit, firstStart && !clean ? 'its first start failed: not restarted' : undefined);
        if (automatic || clean) return;
        this.emitLifecycle({ kind: 'start-failed', pm_id: slot.pm_id, name: slot.spec.name, reason: failure.message });
        throw failure;
      }
      if (automatic && failure.code === 'E_CWD_MISSING' && !this.closing && !slot.removed) {
        this.retryLater(slot, failure);
        return;
      }
      this.fail(slot, failure);
      throw failure;
    }
    run.phase = 'online';
    slot.pm_uptime = Date.now();
    this.transition(slot, 'online');
  }

  private keepNotReady(slot: Slot, run: Run, failure: StartFailure): void {
    this.options.logger.warn({ app: slot.spec.name, pm_id: slot.pm_id, err: failure.message }, 'not ready in time: kept running');
    run.phase = 'online';
    slot.pm_uptime = Date.now();
    this.transition(slot, 'online');
  }

  /** An automatic restart that could not spawn (its cwd is gone): tried again with backoff until it can. */
  private retryLater(slot: Slot, error: TendError): void {
    const delayMs = nextBackoff(slot.history.backoffMs, Math.max(slot.spec.restart_delay, slot.spec.exp_backoff_restart_delay, missingCwdRetryMs));
    slot.history = { ...slot.history, backoffMs: delayMs };
    this.options.logger.warn({ app: slot.spec.name, pm_id: slot.pm_id, code: error.code, delayMs }, `${error.message}: retrying`);
    this.emitLifecycle({ kind: 'start-failed', pm_id: slot.pm_id, name: slot.spec.name, reason: `${error.message}; retrying in ${delayMs} ms` });
    const pending = { timer: setTimeout(() => void this.restartAfterCrash(slot, pending), delayMs) };
    slot.pendingRestart = pending;
    this.transition(slot, 'waiting restart');
  }

  private fail(slot: Slot, error: TendError): void {
    this.options.logger.warn({ app: slot.spec.name, pm_id: slot.pm_id, code: error.code, err: error.message }, 'start failed');
    slot.status = 'errored';
    this.emitLifecycle({ kind: 'start-failed', pm_id: slot.pm_id, name: slot.spec.name, reason: error.message });
    this.transition(slot, 'errored');
  }

  private async restartNow(slot: Slot, next: NextSpec | undefined): Promise<InstanceInfo> {
    this.cancelRestart(slot);
    // As in PM2, only restarting a running process counts: starting a stopped one does not.
    if (slot.run) slot.restart_time += 1;
    await this.halt(slot);
    if (next) Object.assign(slot, { spec: next.spec, baseEnv: next.baseEnv });
    slot.history = freshHistory;
    await this.start(slot, false);
    return this.info(slot);
  }

  private async reloadWorker(slot: Slot, next: NextSpec | undefined): Promise<InstanceInfo> {
    const old = slot.run;
    if (!old || old.phase !== 'online') return this.restartNow(slot, next);
    const previous = { spec: slot.spec, baseEnv: slot.baseEnv };
    if (next) Object.assign(slot, { spec: next.spec, baseEnv: next.baseEnv });
    let fresh: Run | undefined;
    let prepared: Prepared;
    try {
      prepared = this.prepare(slot);
      fresh = await this.spawn(slot, prepared);
      await this.ready(slot, fresh, prepared.env);
    } catch (error) {
      if (fresh) {
        fresh.phase = 'stopping';
        await stopProcess(fresh.proc, slot.spec);
      }
      Object.assign(slot, previous);
      const reason = asTendError(error);
      this.options.logger.warn({ app: slot.spec.name, pm_id: slot.pm_id, err: reason.message }, 'reload failed');
      this.emitLifecycle({ kind: 'start-failed', pm_id: slot.pm_id, name: slot.spec.name, reason: reason.message });
      const serving = slot.run === old ? '; the previous process keeps serving' : '';
      throw new TendError('E_RELOAD_FAILED', `reload of ${label(slot)} failed: ${reason.message}${serving}`, {
        cause: error,
        details: { pm_id: slot.pm_id, reason: reason.code, ...(reason.details === undefined ? {} : { detail: reason.details }) },
      });
    }
    // The replacement serves: switch the slot to it, then drain and stop the old worker.
    this.cancelRestart(slot);
    fresh.phase = 'online';
    Object.assign(slot, { run: fresh, env: prepared.env, logs: prepared.logs, pm_uptime: Date.now(), history: freshHistory });
    slot.restart_time += 1;
    this.transition(slot, 'online');
    old.phase = 'stopping';
    await stopProcess(old.proc, slot.spec);
    return this.info(slot);
  }

  private pidFileOf(slot: Slot): string | null {
    return slot.spec.pid_file === null ? null : pidFilePath(slot.spec.pid_file, slot.pm_id);
  }

  /** Writes the pid file; null (and a warning) when it cannot be written. */
  private writePid(slot: Slot, path: string | null, pid: number): string | null {
    if (path === null) return null;
    try {
      writePidFile(path, pid);
      return path;
    } catch (error) {
      this.options.logger.warn({ err: error, pm_id: slot.pm_id, pidFile: path }, 'cannot write the pid file');
      return null;
    }
  }

  /** Stops the slot's current process, if any. */
  private async halt(slot: Slot): Promise<void> {
    const run = slot.run;
    if (!run) return;
    run.phase = 'stopping';
    this.transition(slot, 'stopping');
    await stopProcess(run.proc, slot.spec);
    await this.reap(slot, run.proc);
    if (slot.run === run) slot.run = null;
  }

  private onMessage(slot: Slot, data: unknown): void {
    if (data === 'ready') return;
    if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'tend:drained') return;
    this.emit('message', { pm_id: slot.pm_id, name: slot.spec.name, data });
  }

  private onExit(slot: Slot, run: Run, exit: ExitInfo): void {
    this.options.logger.info(
      { app: slot.spec.name, pm_id: slot.pm_id, pid: run.proc.pid, code: exit.code, signal: exit.signal, phase: run.phase },
      'process exited',
    );
    // An old worker replaced by a reload, or a replacement that never became ready: not the slot's.
    if (slot.run !== run) return;
    slot.exit_code = exit.code;
    slot.exit_signal = exit.signal;
    // Still starting: start() reports it (a failed start, or a crash for the restart policy).
    if (run.phase === 'starting') return;
    if (run.phase === 'stopping') {
      this.emitLifecycle({
        kind: 'exit',
        pm_id: slot.pm_id,
        name: slot.spec.name,
        pid: run.proc.pid,
        code: exit.code,
        signal: exit.signal,
        willRestart: false,
        delayMs: 0,
      });
      return;
    }
    slot.run = null;
    this.afterCrash(slot, run.proc, exit);
  }

  /** The restart policy, for a process that exited on its own (`giveUp`: errored whatever the policy says, and why). */
  private afterCrash(slot: Slot, proc: AppProcess, exit: ExitInfo, giveUp?: string): void {
    slot.exit_code = exit.code;
    slot.exit_signal = exit.signal;
    const { decision, history }: ReturnType<typeof decideOnExit> =
      giveUp === undefined
        ? decideOnExit(slot.spec, slot.history, { code: exit.code, signal: exit.signal, uptimeMs: exit.at - proc.startedAt }, this.backoffResetMs)
        : { decision: { action: 'errored', reason: giveUp }, history: slot.history };
    slot.history = history;
    // What the process started goes with it, before any restart.
    const reaped = this.reap(slot, proc);
    const restarting = decision.action === 'restart' && !this.closing && !slot.removed;
    const delayMs = decision.action === 'restart' ? decision.delayMs : 0;
    // Listeners of the exit event already see where the slot is going, never 'online' without a pid.
    slot.status = restarting ? 'waiting restart' : decision.action === 'errored' ? 'errored' : 'stopped';
    this.emitLifecycle({
      kind: 'exit',
      pm_id: slot.pm_id,
      name: slot.spec.name,
      pid: proc.pid,
      code: exit.code,
      signal: exit.signal,
      willRestart: restarting,
      delayMs,
    });
    this.options.logger.info({ app: slot.spec.name, pm_id: slot.pm_id, decision }, `process ${describeExit(exit)}`);
    if (decision.action === 'errored') {
      this.options.logger.warn({ app: slot.spec.name, pm_id: slot.pm_id }, decision.reason);
      this.transition(slot, 'errored');
      return;
    }
    if (!restarting) {
      this.transition(slot, 'stopped');
      return;
    }
    if (decision.unstable) slot.unstable_restarts += 1;
    const pending = { timer: setTimeout(() => void reaped.then(() => this.restartAfterCrash(slot, pending)), delayMs) };
    slot.pendingRestart = pending;
    // Even without a delay: until the restart runs there is no process, and the status says so.
    this.transition(slot, 'waiting restart');
  }

  /** Stops what an exited process left running (its group, processes carrying its marks); shutdown waits for it. */
  private reap(slot: Slot, proc: AppProcess): Promise<void> {
    const reaping = this.reapNow(slot, proc).finally(() => this.reaping.delete(reaping));
    this.reaping.add(reaping);
    return reaping;
  }

  private async reapNow(slot: Slot, proc: AppProcess): Promise<void> {
    const signal: NodeJS.Signals = isSignalName(slot.spec.kill_signal) ? slot.spec.kill_signal : 'SIGINT';
    try {
      const count = await reapLeftovers(proc.pid, [`TEND_HOME=${this.options.home}`, `pm_id=${slot.pm_id}`], signal, slot.spec.kill_timeout, proc.pidStart);
      if (count > 0) this.options.logger.info({ app: slot.spec.name, pm_id: slot.pm_id, count }, 'stopped processes the exited app left running');
    } catch (error) {
      this.options.logger.warn({ err: error, app: slot.spec.name }, 'cannot stop what the app left running');
    }
  }

  private async restartAfterCrash(slot: Slot, pending: Slot['pendingRestart']): Promise<void> {
    await this.slotLock.run(slot.pm_id, async () => {
      if (slot.pendingRestart !== pending || slot.removed || this.closing || slot.run) return;
      slot.pendingRestart = null;
      slot.restart_time += 1;
      try {
        await this.start(slot, true);
      } catch {
        // start() marked the slot errored, emitted start-failed and logged why
      }
    });
  }

  private cancelRestart(slot: Slot): void {
    if (slot.pendingRestart) clearTimeout(slot.pendingRestart.timer);
    slot.pendingRestart = null;
  }
}

/** Exit 0 or a stop_exit_codes code: the app finished, it did not crash. */
function isCleanExit(spec: AppSpec, exit: ExitInfo): boolean {
  return exit.signal === null && exit.code !== null && (exit.code === 0 || spec.stop_exit_codes.includes(exit.code));
}

function label(slot: Slot): string {
  return `${slot.spec.name} (id ${slot.pm_id})`;
}
