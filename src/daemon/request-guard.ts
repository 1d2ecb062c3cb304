// What every request shares, around the handler table: none is taken once the daemon stops
// (E_DAEMON_STOPPING: nothing it would start could outlive the stop), a change whose state.json write
// fails fails its command (E_STATE_WRITE), and while writes fail every client is warned at hello.
import { TendError } from '../errors/index.js';
import type { MethodName } from '../protocol/messages.js';
import type { Handler, HandlerTable } from './server.js';
import type { StateStore } from './state-store.js';

/** Methods that change nothing kept in state.json. */
const readOnly: ReadonlySet<string> = new Set<MethodName>([
  'hello',
  'ping',
  'list',
  'plan',
  'history',
  'metrics',
  'specs',
  'subscribe',
  'sendData',
  'signal',
  'flush',
  'reloadLogs',
  'save',
  'cleardump',
  'kill',
]);

/** Taken while the daemon stops: they start nothing (a second `tend kill` waits for the first). */
const duringStop: ReadonlySet<string> = new Set<MethodName>(['hello', 'ping', 'kill']);

export interface GuardContext {
  stopping: () => boolean;
  store: Pick<StateStore, 'failure' | 'writeNow'>;
}

export function guardHandlers(handlers: HandlerTable, context: GuardContext): HandlerTable {
  const guarded: Record<string, Handler<MethodName>> = {};
  for (const [method, handler] of Object.entries(handlers) as Array<[MethodName, Handler<MethodName>]>) {
    guarded[method] = async (params, request) => {
      if (context.stopping() && !duringStop.has(method)) throw new TendError('E_DAEMON_STOPPING', 'the daemon is stopping and takes no more requests');
      const result = await handler(params, request);
      if (method === 'hello' && context.store.failure) {
        (result as { notices: string[] }).notices.push(`warning: ${context.store.failure.message}`);
      }
      if (!readOnly.has(method) && !context.store.writeNow() && context.store.failure) throw context.store.failure;
      return result;
    };
  }
  return guarded as HandlerTable;
}
