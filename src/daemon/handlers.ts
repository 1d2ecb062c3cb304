// The handler table: one entry per protocol method. Handlers validate, resolve targets and call
// Operations (the one path that changes processes) or the apply path.
import { TendError } from '../errors/index.js';
import type { Daemon } from './daemon.js';
import type { HandlerTable } from './server.js';
import { protocolVersion, type ActionResult, type RestartParams } from '../protocol/messages.js';
import { version } from '../version.js';
import { syncHandlers } from './sync/handlers.js';
import { readDump, saveDump } from './dump.js';

export function createHandlers(daemon: Daemon): HandlerTable {
  const ops = daemon.operations;

  /** restart / reload by target: env refreshed and watch toggled first, then one rollout per app. */
  async function restartTargets(params: RestartParams, mode: 'restart' | 'reload'): Promise<ActionResult> {
    const refs = daemon.resolve(params.targets);
    await ops.restartTargets(refs, mode, {
      ...(params.parallel ? { parallel: params.parallel } : {}),
      prepare: (entry) => {
        if (params.updateEnv) entry.baseEnv = { ...entry.baseEnv, ...params.updateEnv };
        if (params.watch) daemon.auto.setWatch(entry, entry.spec.watch === false);
      },
    });
    return daemon.result(refs);
  }

  return {
    hello: (params) => {
      const restored = daemon.restored;
      daemon.restored = [];
      if (params.protocol !== protocolVersion) daemon.logger.warn({ client: params.client }, 'client speaks another protocol version');
      return Promise.resolve({ protocol: protocolVersion, version, pid: process.pid, home: daemon.paths.home, restored, notices: daemon.notices.splice(0) });
    },
    ping: () => Promise.resolve({ pid: process.pid, uptime: Date.now() - daemon.startedAt }),
    list: (params) => daemon.list(params.names),
    plan: (params) => Promise.resolve(daemon.reconciler.plan(params)),
    apply: (params, context) => daemon.reconciler.apply(params, context.progress),
    rollback: (params, context) => daemon.reconciler.rollback(params, context.progress),

    stop: async (params) => {
      const refs = daemon.resolve(params.targets);
      // As PM2's stop: watching stops too, so that a file change does not start the app again
      // (`restart --watch` or `restart FILE` turns it back on).
      for (const entry of new Set(refs.map((ref) => ref.entry))) daemon.auto.setWatch(entry, false);
      await ops.stopTargets(refs);
      return daemon.result(refs);
    },
    restart: (params) => restartTargets(params, 'restart'),
    reload: (params) => restartTargets(params, 'reload'),
    delete: async (params) => {
      const refs = daemon.resolve(params.targets);
      await ops.deleteTargets(refs);
      return daemon.result(refs);
    },
    reset: async (params) => {
      const refs = daemon.resolve(params.targets);
      await ops.resetTargets(refs);
      return daemon.result(refs);
    },
    scale: async (params) => {
      const entry = daemon.table.apps.get(params.name);
      if (!entry) throw new TendError('E_APP_NOT_FOUND', `no app named '${params.name}'`);
      const { from, to } = await ops.scaleByHand(entry, params.instances);
      const refs = daemon.slotRefs().filter((ref) => ref.name === entry.name);
      return { ...daemon.result(refs), from, to };
    },
    signal: async (params) => {
      const refs = daemon.resolve(params.targets);
      await ops.signalTargets(refs, params.signal);
      return daemon.result(refs);
    },
    sendLine: (params) => {
      if (typeof params.line !== 'string') throw new TendError('E_PROTOCOL', 'sendLine needs a line (a string)');
      const refs = daemon.resolve(params.targets);
      for (const ref of refs) daemon.supervisor.sendLine(ref.pm_id, params.line);
      return Promise.resolve(daemon.result(refs));
    },
    sendData: async (params) => {
      if (!daemon.slotRefs().some((ref) => ref.pm_id === params.pm_id)) throw new TendError('E_APP_NOT_FOUND', `no process with id ${params.pm_id}`);
      return { delivered: await daemon.supervisor.sendMessage(params.pm_id, params.data) };
    },
    history: (params) => {
      const entry = daemon.table.apps.get(params.name);
      if (!entry) throw new TendError('E_APP_NOT_FOUND', `no app named '${params.name}'`);
      return Promise.resolve(entry.history);
    },
    metrics: (params) => {
      const entry = daemon.table.apps.get(params.name);
      if (!entry) throw new TendError('E_APP_NOT_FOUND', `no app named '${params.name}'`);
      return Promise.resolve(
        daemon.auto.metrics.read(
          entry.name,
          entry.slots.map((slot) => slot.pm_id),
        ),
      );
    },
    specs: (params) => {
      const names = [...new Set(daemon.resolve(params.targets).map((ref) => ref.name))];
      return Promise.resolve(
        names.flatMap((name) => {
          const entry = daemon.table.apps.get(name);
          return entry ? [{ spec: entry.spec, source: entry.source }] : [];
        }),
      );
    },
    save: (params) => Promise.resolve(saveDump(daemon.paths.dumpFile, daemon.snapshot().apps, params.force ?? false)),
    resurrect: async (params) => {
      const started = await ops.resurrect(readDump(daemon.paths.dumpFile), params.baseEnv);
      return daemon.result(daemon.slotRefs().filter((ref) => started.includes(ref.name)));
    },
    cleardump: () => {
      saveDump(daemon.paths.dumpFile, daemon.snapshot().apps, true);
      return Promise.resolve({ file: daemon.paths.dumpFile });
    },
    flush: async (params) => {
      const refs = params.targets && params.targets.length > 0 ? daemon.resolve(params.targets) : daemon.slotRefs();
      const targets = refs.map((ref) => ({ pm_id: ref.pm_id, name: ref.name, spec: ref.spec }));
      await daemon.logs.flush(targets);
      const files = targets.flatMap((target) => Object.values(daemon.logs.pathsFor(target)).filter((path): path is string => path !== null));
      return { files: [...new Set(files)] };
    },
    reloadLogs: async () => {
      await daemon.logs.reopen();
      return { ok: true };
    },
    subscribe: (params, context) => {
      context.connection.subscription = { logs: params.logs ?? false, lifecycle: params.lifecycle ?? false, messages: params.messages ?? false };
      return Promise.resolve({ subscribed: true });
    },
    kill: async (params) => ({ stopped: await daemon.shutdown(params.keepState ?? false) }),
    ...syncHandlers(() => daemon.sync),
  };
}
