// Talking to running apps: data over IPC (both of PM2's forms), signals by name or id, inspect, and
// PM2's agent actions, which tend answers as unsupported (it injects nothing into apps).
import { TendError } from '../errors/index.js';
import { daemonTargets, processesByIds, type Target } from './procs.js';
import type { Session } from './session.js';
import type { DataPacket, ProcessDescription } from './types.js';

/** `(id, packet)` or `({ id, type, data, topic })`: the app receives the packet, `id` included. */
export async function sendData(session: Session, idOrPacket: unknown, packet: unknown): Promise<{ delivered: true; id: number }> {
  const given = (typeof idOrPacket === 'object' && idOrPacket !== null ? idOrPacket : packet) as DataPacket | undefined;
  if (typeof given !== 'object' || given === null) throw new TendError('E_USAGE', 'sendDataToProcessId takes (id, packet) or ({ id, type, data, topic })');
  const rawId = typeof idOrPacket === 'object' ? given.id : idOrPacket;
  const id = typeof rawId === 'number' || typeof rawId === 'string' ? Number(rawId) : Number.NaN;
  if (!Number.isInteger(id)) throw new TendError('E_USAGE', `sendDataToProcessId needs a numeric process id (got ${JSON.stringify(rawId) ?? 'nothing'})`);
  const result = await (await session.client()).request('sendData', { pm_id: id, data: { ...given, id } });
  if (!result.delivered) throw new TendError('E_NOT_RUNNING', `process ${id} has no IPC channel (not running, or not a Node app)`);
  return { delivered: true, id };
}

export async function sendSignal(session: Session, signal: string | number, target: Target): Promise<ProcessDescription[]> {
  const client = await session.client();
  const result = await client.request('signal', { signal: String(signal), targets: await daemonTargets(client, target, session.cwd) });
  return processesByIds(client, result.ids);
}

/** PM2's inspect: Node opens its inspector on SIGUSR1 (as `tend inspect`); its error log says where. */
export async function inspect(session: Session, target: Target): Promise<ProcessDescription[]> {
  return sendSignal(session, 'SIGUSR1', target);
}

export function trigger(): Promise<never> {
  return Promise.reject(
    new TendError('E_NOT_SUPPORTED', 'trigger() is not supported: tend injects no agent into apps, so apps have no custom actions', {
      hint: 'Send the app a message with sendDataToProcessId() and answer it with process.on("message") in the app.',
    }),
  );
}
