// PM2's older file calls, still found in user code: `_jsonStartOrAction(action, file, opts, cb)`,
// `_startJson(file, opts, action, cb)` and `actionFromJson(action, file, opts, via, cb)`. Each names
// a PM2 action; tend runs the same rollout as start/restart/reload/stop/delete with the file.
import { TendError } from '../errors/index.js';
import { remove, start, stop } from './lifecycle.js';
import type { Session } from './session.js';
import type { ProcessDescription } from './types.js';

/** PM2's action names (daemon method names and their short forms) → what tend does with the file. */
const actions: Record<string, 'start' | 'restart' | 'reload' | 'stop' | 'delete'> = {
  start: 'start',
  restart: 'restart',
  restartProcessId: 'restart',
  reload: 'reload',
  reloadProcessId: 'reload',
  gracefulReload: 'reload',
  softReloadProcessId: 'reload',
  stop: 'stop',
  stopProcessId: 'stop',
  delete: 'delete',
  deleteProcessId: 'delete',
};

export async function jsonAction(session: Session, action: unknown, file: unknown, options: unknown): Promise<ProcessDescription[]> {
  const mode = typeof action === 'string' ? actions[action] : undefined;
  if (mode === undefined) throw new TendError('E_USAGE', `unknown action ${JSON.stringify(action) ?? 'nothing'}: one of ${Object.keys(actions).join(', ')}`);
  if ((typeof file !== 'string' || file === '') && (typeof file !== 'object' || file === null))
    throw new TendError('E_USAGE', 'pass an ecosystem file (or its apps as an object)');
  if (mode === 'stop' || mode === 'delete') {
    if (typeof file !== 'string') throw new TendError('E_USAGE', `${String(action)} takes an ecosystem file`);
    return mode === 'stop' ? stop(session, file) : remove(session, file);
  }
  return start(session, file, options, mode);
}
