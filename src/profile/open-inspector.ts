// Opens the inspector of a running Node app without restarting it: Node starts its inspector on
// SIGUSR1 and announces the WebSocket address on stderr, which the daemon captures and streams.
import type { DaemonClient } from '../client/daemon-client.js';
import { TendError } from '../errors/index.js';
import { waitForSigusr1Handler } from './signal-ready.js';

const listeningPattern = /Debugger listening on (ws:\/\/\S+)/;
const failedPattern = /Starting inspector on (\S+) failed: (.*)/;

export async function openInspector(client: DaemonClient, target: { pid: number; pm_id: number; name: string }, timeoutMs: number): Promise<string> {
  await waitForSigusr1Handler(target, timeoutMs);
  let settle: { resolve: (url: string) => void; reject: (error: Error) => void } | undefined;
  const announced = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  const unsubscribe = await client.subscribe({ logs: true }, (event) => {
    if (event.type !== 'log' || event.event.pm_id !== target.pm_id || event.event.stream !== 'err') return;
    const listening = listeningPattern.exec(event.event.line);
    if (listening?.[1] !== undefined) settle?.resolve(listening[1]);
    const failed = failedPattern.exec(event.event.line);
    if (failed)
      settle?.reject(
        new TendError('E_PROFILE_NO_INSPECTOR', `${target.name} (id ${target.pm_id}): its inspector could not open on ${failed[1]}: ${failed[2]}`),
      );
  });
  const timer = setTimeout(
    () =>
      settle?.reject(
        new TendError('E_PROFILE_NO_INSPECTOR', `${target.name} (id ${target.pm_id}) did not open its inspector within ${Math.round(timeoutMs / 1000)} s`),
      ),
    timeoutMs,
  );
  try {
    await client.request('signal', { signal: 'SIGUSR1', targets: [String(target.pm_id)] });
    return await announced;
  } finally {
    clearTimeout(timer);
    unsubscribe();
  }
}
