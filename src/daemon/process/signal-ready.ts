// Node installs its SIGUSR1 handler (the one that opens the inspector) only part-way through its
// start-up; before that the signal's default action ends the process. So SIGUSR1 — `tend inspect`,
// the API's inspect, profile:cpu|mem — waits for the handler, or it kills the app it meant to open.
import { readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { TendError } from '../../errors/index.js';

const sigusr1Bit = 1n << 9n; // signal 10, bit 9 of the masks in /proc/<pid>/status
const pollMs = 20;

/** Whether `pid` catches SIGUSR1; undefined where /proc cannot say (not Linux, or the process is gone). */
async function catchesSigusr1(pid: number): Promise<boolean | undefined> {
  let status: string;
  try {
    status = await readFile(`/proc/${pid}/status`, 'latin1');
  } catch {
    return undefined;
  }
  const caught = /^SigCgt:\s*([0-9a-f]+)$/mu.exec(status)?.[1];
  return caught === undefined ? undefined : (BigInt(`0x${caught}`) & sigusr1Bit) !== 0n;
}

/** Resolves once `pid` handles SIGUSR1 (at once where /proc cannot tell); refuses after `timeoutMs`. */
export async function waitForSigusr1Handler(pid: number, label: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const caught = await catchesSigusr1(pid);
    if (caught !== false) return;
    if (Date.now() >= deadline)
      throw new TendError(
        'E_PROFILE_NO_INSPECTOR',
        `${label} (pid ${pid}) did not set up its SIGUSR1 handler within ${Math.round(timeoutMs / 1000)} s; signalling it would end it`,
      );
    await delay(pollMs);
  }
}
