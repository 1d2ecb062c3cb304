// Opens the inspector of a running Node app without restarting it: Node starts its inspector on
// SIGUSR1 and announces the WebSocket address on stderr, which the daemon captures and streams.
import type { DaemonClient } from '../client/daemon-client.js';
import { TendError } from '../errors/index.js';

const listeningPattern = /Debugger listening on (ws:\/\/\S+)/;
const failedPattern = /Starting inspector on (\S+) failed: (.*)/;

export async function openInspector(client: DaemonClient, target: { pm_id: number; name: string }, timeoutMs: number): Promise<string> {
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
  let timer: NodeJS.Timeout | undefined;
  try {
    // The daemon sends SIGUSR1 once a starting Node can take it (it waits for that): the wait for the announcement starts then.
    await client.request('signal', { signal: 'SIGUSR1', targets: [String(target.pm_id)] });
    timer = setTimeout(
      () =>
        settle?.reject(
          new TendError('E_PROFILE_NO_INSPECTOR', `${target.name} (id ${target.pm_id}) did not open its inspector within ${Math.round(timeoutMs / 1000)} s`),
        ),
      timeoutMs,
    );
    return await announced;
  } finally {
    clearTimeout(timer);
    unsubscribe();
  }
}
