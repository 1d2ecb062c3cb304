// The process list clients see (`tend ls`, jlist, describe, the runtime's "every app exited"): each
// slot of the table with what the supervisor knows of its process and its cpu and memory now.
import type { AppTable, SlotRef } from './app-table.js';
import type { LogHub } from './logs/types.js';
import { processRecord, type Usage } from './process-record.js';
import type { Supervisor } from './process/supervisor.js';
import type { InstanceInfo } from './process/types.js';
import type { ProcessRecord } from '../protocol/messages.js';

export interface ProcessListContext {
  table: Pick<AppTable, 'slotRefs'>;
  supervisor: Pick<Supervisor, 'get'>;
  logs: Pick<LogHub, 'pathsFor'>;
  /** CPU and memory of the given pids (absent: not measured). */
  usage: (pids: readonly number[]) => Promise<Map<number, Usage>>;
}

export class ProcessList {
  constructor(private readonly ctx: ProcessListContext) {}

  /** The process records of every app, or of the named ones only, in id order. */
  async list(names?: readonly string[]): Promise<ProcessRecord[]> {
    const refs = this.ctx.table.slotRefs(names).sort((a, b) => a.pm_id - b.pm_id);
    const instances = refs.map((ref) => ({ ref, info: this.instanceOf(ref) }));
    const pids = instances.map(({ info }) => info.pid).filter((pid): pid is number => pid !== null && pid > 0);
    const usage = await this.ctx.usage(pids);
    return instances.map(({ ref, info }) => processRecord(info, ref.entry.source, info.pid === null ? undefined : usage.get(info.pid)));
  }

  /** An InstanceInfo for every slot, including registered-but-never-started ones (autostart: false). */
  private instanceOf(ref: SlotRef): InstanceInfo {
    return (
      this.ctx.supervisor.get(ref.pm_id) ?? {
        pm_id: ref.pm_id,
        name: ref.name,
        index: ref.slot.index,
        pid: null,
        pid_start: null,
        status: 'stopped',
        restart_time: 0,
        unstable_restarts: 0,
        prev_restart_delay: 0,
        created_at: 0,
        pm_uptime: 0,
        exit_code: null,
        exit_signal: null,
        spec: ref.spec,
        logs: this.ctx.logs.pathsFor({ pm_id: ref.pm_id, name: ref.name, spec: ref.spec }),
        env: {},
      }
    );
  }
}
