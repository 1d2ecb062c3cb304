// The handler table: one entry per protocol method. Handlers validate, resolve targets and call
// Operations (the one path that changes processes) or the apply path.
import { TendError } from '../errors/index.js';
import type { Daemon, SlotRef } from './daemon.js';
import { applyDesired, planDesired, rollbackApp } from './reconcile.js';
import type { HandlerTable } from './server.js';
import { protocolVersion, type ActionResult, type RestartParams } from '../protocol/messages.js';
import { version } from '../version.js';
import { syncHandlers } from './sync/handlers.js';

function parseScale(current: number, wanted: string): number {
  const match = /^([+-]?)(\d+)$/.exec(wanted.trim());
  if (!match) throw new TendError('E_USAGE', `invalid instance count '${wanted}'`, { hint: 'Use a number, +N or -N.' });
  const amount = Number(match[2]);
  const next = match[1] === '+' ? current + amount : match[1] === '-' ? current - amount : amount;
  return Math.max(0, next);
}

/** Groups slot refs by app, keeping id order. */
function byApp(refs: SlotRef[]): Map<string, SlotRef[]> {
  const groups = new Map<string, SlotRef[]>();
  for (const ref of refs) groups.set(ref.name, [...(groups.get(ref.name) ?? []), ref]);
  return groups;
}

export function createHandlers(daemon: Daemon): HandlerTable {
  const ops = daemon.operations;

  /** restart / reload by target: per app, env refreshed and watch toggled first, then one rollout of its instances. */
  async function restartTargets(params: RestartParams, mode: 'restart' | 'reload'): Promise<ActionResult> {
    const refs = daemon.resolve(params.targets);
    for (const [name, group] of byApp(refs)) {
      await ops.exclusive(name, async () => {
        const entry = group[0]?.entry;
        if (!entry || daemon.table.apps.get(name) !== entry) return;
        if (params.updateEnv) entry.baseEnv = params.updateEnv;
        if (params.watch) daemon.auto.setWatch(entry, entry.spec.watch === false);
        const slots = group.map((ref) => ref.slot).filter((slot) => entry.slots.includes(slot));
        await ops.rollout(entry, slots, { spec: entry.spec, baseEnv: entry.baseEnv }, { mode, ...(params.parallel ? { parallel: params.parallel } : {}) });
      });
    }
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
    list: () => daemon.list(),
    plan: (params) => Promise.resolve(planDesired(daemon, params)),
    apply: (params, context) => applyDesired(daemon, params, context.progress),
    rollback: (params, context) => rollbackApp(daemon, params, context.progress),

    stop: async (params) => {
      const refs = daemon.resolve(params.targets);
      // `stop --watch`: stop watching too, so that a later restart does not watch again.
      if (params.watch) for (const group of byApp(refs).values()) if (group[0]) daemon.auto.setWatch(group[0].entry, false);
      await Promise.all(refs.map((ref) => ops.exclusive(ref.name, () => ops.stopSlot(ref.slot))));
      return daemon.result(refs);
    },
    restart: (params) => restartTargets(params, 'restart'),
    reload: (params) => restartTargets(params, 'reload'),
    delete: async (params) => {
      const refs = daemon.resolve(params.targets);
      for (const [name, group] of byApp(refs)) {
        await ops.exclusive(name, async () => {
          const entry = group[0]?.entry;
          if (!entry) return;
          for (const ref of group) await ops.removeSlot(entry, ref.slot);
          if (entry.slots.length === 0) await ops.removeApp(entry);
        });
      }
      return daemon.result(refs);
    },
    reset: (params) => {
      const refs = daemon.resolve(params.targets);
      for (const ref of refs) if (daemon.supervisor.get(ref.pm_id)) daemon.supervisor.resetCounters(ref.pm_id);
      return Promise.resolve(daemon.result(refs));
    },
    scale: async (params) => {
      const entry = daemon.table.apps.get(params.name);
      if (!entry) throw new TendError('E_APP_NOT_FOUND', `no app named '${params.name}'`);
      const from = entry.slots.length;
      const to = parseScale(from, params.instances);
      // A hand scale changes what runs, not the applied spec: `tend plan` shows it as drift.
      const applied = entry.spec;
      await ops.exclusive(entry.name, () => ops.scale(entry, { ...applied, instances: to }, []));
      entry.spec = applied;
      daemon.store.changed();
      const refs = daemon.slotRefs().filter((ref) => ref.name === entry.name);
      return { ...daemon.result(refs), from, to };
    },
    signal: (params) => {
      const refs = daemon.resolve(params.targets);
      for (const ref of refs) if (daemon.supervisor.get(ref.pm_id)) daemon.supervisor.signal(ref.pm_id, params.signal);
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
    specs: (params) => {
      const names = [...new Set(daemon.resolve(params.targets).map((ref) => ref.name))];
      return Promise.resolve(names.flatMap((name) => {
        const entry = daemon.table.apps.get(name);
        return entry ? [{ spec: entry.spec, source: entry.source }] : [];
      }));
    },
    save: (params) => Promise.resolve(daemon.save(params.force ?? false)),
    resurrect: async (params) => {
      const dumped = daemon.readDump();
      const started: SlotRef[] = [];
      for (const app of dumped) {
        if (daemon.table.apps.has(app.name)) continue;
        const spec = { ...app.spec, instances: app.slots.length || app.spec.instances };
        await ops.exclusive(app.name, () => ops.create(spec, app.source, { ...params.baseEnv, ...app.baseEnv }));
        started.push(...daemon.slotRefs().filter((ref) => ref.name === app.name));
      }
      return daemon.result(started);
    },
    cleardump: () => {
      daemon.save(true);
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
    ...syncHandlers(daemon),
  };
}
