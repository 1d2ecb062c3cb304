// sendLineToStdin and attach: lines to an app's stdin, as `tend send` and `tend attach` write them.
import { createInterface } from 'node:readline';
import { TendError } from '../errors/index.js';
import { processesByIds } from './procs.js';
import type { Session } from './session.js';
import type { ProcessDescription } from './types.js';

/**
 * The daemon ends each line with a newline. PM2 ends it with the separator instead: a separator
 * that ends in a newline is kept exactly; any other is written before the newline.
 */
function lineWith(line: unknown, separator: unknown): string {
  const text = String(line);
  if (typeof separator !== 'string' || separator === '' || separator === '\n') return text;
  return `${text}${separator.endsWith('\n') ? separator.slice(0, -1) : separator}`;
}

export async function sendLine(session: Session, target: unknown, line: unknown, separator: unknown): Promise<ProcessDescription[]> {
  if (typeof target !== 'string' && typeof target !== 'number') throw new TendError('E_USAGE', 'sendLineToStdin takes (pm_id, line, [separator], [callback])');
  const client = await session.client();
  const result = await client.request('sendLine', { targets: [String(target)], line: lineWith(line, separator) });
  return processesByIds(client, result.ids);
}

/**
 * PM2's attach: the process's output goes to this process's stdout and each line read from stdin
 * goes to its stdin. `ended` settles when stdin ends (PM2's callback), or with the first failed write.
 */
export async function attach(
  session: Session,
  id: unknown,
  separator: unknown,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } = { input: process.stdin, output: process.stdout },
): Promise<{ ended: Promise<void> }> {
  const pm_id = Number(id);
  if ((typeof id !== 'number' && typeof id !== 'string') || !Number.isInteger(pm_id)) {
    throw new TendError('E_USAGE', `attach takes a process id (a number), not ${JSON.stringify(id) ?? 'nothing'}`, {
      hint: 'getProcessIdByName(name) gives the ids of an app.',
    });
  }
  const client = await session.client();
  if (!(await client.request('list', {})).some((record) => record.pm_id === pm_id)) throw new TendError('E_APP_NOT_FOUND', `no process with id ${pm_id}`);
  const events = await session.extraClient();
  session.buses.add(events);
  await events.subscribe({ logs: true }, (event) => {
    if (event.type === 'log' && event.event.pm_id === pm_id) io.output.write(`${event.event.line}\n`);
  });
  const ended = (async () => {
    try {
      for await (const line of createInterface({ input: io.input, crlfDelay: Infinity })) {
        await client.request('sendLine', { targets: [String(pm_id)], line: lineWith(line, separator) });
      }
    } finally {
      events.close();
      session.buses.delete(events);
    }
  })();
  // Marked handled here; the caller awaits it right away and still sees the error.
  ended.catch(() => undefined);
  return { ended };
}
