// The imperative verbs (PM2's stop, restart, reload, delete, reset, scale, sendSignal, send, flush,
// resurrect), one method each: the request's targets resolved against the table, the change made by
// Operations under each app's lock, the answer in the protocol's shape. The handler table only
// delegates here.
import { TendError } from '../errors/index.js';
import type { AppEntry, AppTable, SlotRef } from './app-table.js';
import { readDump } from './dump.js';
import type { LogHub } from './logs/types.js';
import type { Operations } from './operations.js';
import type { Supervisor } from './process/supervisor.js';
import type { ActionResult, Methods, RestartParams, TargetParams } from '../protocol/messages.js';

export interface VerbsContext {
  table: Pick<AppTable, 'need' | 'slotRefs' | 'resolve'>;
  operations: Pick<Operations, 'stopTargets' | 'restartTargets' | 'deleteTargets' | 'resetTargets' | 'signalTargets' | 'scaleByHand' | 'resurrect'>;
  supervisor: Pick<Supervisor, 'sendLine' | 'sendMessage'>;
  logs: Pick<LogHub, 'flush' | 'pathsFor'>;
  /** Turns an app's file watching on or off. */
  setWatch: (entry: AppEntry, on: boolean) => void;
  dumpFile: string;
}

type Params<M extends keyof Methods> = Methods[M]['params'];

/** The ids and app names a verb acted on. */
function actionResult(refs: readonly SlotRef[]): ActionResult {
  return { ids: refs.map((ref) => ref.pm_id), names: [...new Set(refs.map((ref) => ref.name))] };
}

export class Verbs {
  constructor(private readonly ctx: VerbsContext) {}

  /** As PM2's stop: watching stops too, so that a file change does not start the app again (`restart --watch` turns it back on). */
  async stop(params: TargetParams): Promise<ActionResult> {
    const refs = this.ctx.table.resolve(params.targets);
    await this.ctx.operations.stopTargets(refs, (entry) => this.ctx.setWatch(entry, false));
    return actionResult(refs);
  }

  restart(params: RestartParams): Promise<ActionResult> {
    return this.restartTargets(params, 'restart');
  }

  reload(params: RestartParams): Promise<ActionResult> {
    return this.restartTargets(params, 'reload');
  }

  async delete(params: TargetParams): Promise<ActionResult> {
    const refs = this.ctx.table.resolve(params.targets);
    await this.ctx.operations.deleteTargets(refs);
    return actionResult(refs);
  }

  async reset(params: TargetParams): Promise<ActionResult> {
    const refs = this.ctx.table.resolve(params.targets);
    await this.ctx.operations.resetTargets(refs);
    return actionResult(refs);
  }

  async scale(params: Params<'scale'>): Promise<Methods['scale']['result']> {
    const entry = this.ctx.table.need(params.name);
    const { from, to } = await this.ctx.operations.scaleByHand(entry, params.instances);
    return { ...actionResult(this.ctx.table.slotRefs([entry.name])), from, to };
  }

  async signal(params: Params<'signal'>): Promise<ActionResult> {
    const refs = this.ctx.table.resolve(params.targets);
    await this.ctx.operations.signalTargets(refs, params.signal);
    return actionResult(refs);
  }

  /** PM2's send: a line on each target's stdin. */
  sendLine(params: Params<'sendLine'>): ActionResult {
    const refs = this.ctx.table.resolve(params.targets);
    for (const ref of refs) this.ctx.supervisor.sendLine(ref.pm_id, params.line);
    return actionResult(refs);
  }

  /** An IPC message to one instance (the API's sendDataToProcessId). */
  async sendData(params: Params<'sendData'>): Promise<Methods['sendData']['result']> {
    if (!this.ctx.table.slotRefs().some((ref) => ref.pm_id === params.pm_id)) throw new TendError('E_APP_NOT_FOUND', `no process with id ${params.pm_id}`);
    return { delivered: await this.ctx.supervisor.sendMessage(params.pm_id, params.data) };
  }

  /** Empties the log files of the targets (every app without targets). */
  async flush(params: Params<'flush'>): Promise<Methods['flush']['result']> {
    const refs = params.targets && params.targets.length > 0 ? this.ctx.table.resolve(params.targets) : this.ctx.table.slotRefs();
    const targets = refs.map((ref) => ({ pm_id: ref.pm_id, name: ref.name, spec: ref.spec }));
    await this.ctx.logs.flush(targets);
    const files = targets.flatMap((target) => Object.values(this.ctx.logs.pathsFor(target)).filter((path): path is string => path !== null));
    return { files: [...new Set(files)] };
  }

  /** Brings back the dumped apps the table does not have. */
  async resurrect(params: Params<'resurrect'>): Promise<ActionResult> {
    const started = await this.ctx.operations.resurrect(readDump(this.ctx.dumpFile), params.baseEnv);
    return actionResult(this.ctx.table.slotRefs().filter((ref) => started.includes(ref.name)));
  }

  /** restart / reload by target: env refreshed and watch toggled first (under the app's lock), then one rollout per app. */
  private async restartTargets(params: RestartParams, mode: 'restart' | 'reload'): Promise<ActionResult> {
    const refs = this.ctx.table.resolve(params.targets);
    await this.ctx.operations.restartTargets(refs, mode, {
      ...(params.parallel ? { parallel: params.parallel } : {}),
      prepare: (entry) => {
        if (params.updateEnv) entry.baseEnv = { ...entry.baseEnv, ...params.updateEnv };
        if (params.watch) this.ctx.setWatch(entry, entry.spec.watch === false);
      },
    });
    return actionResult(refs);
  }
}
