// Records one profile through an inspector session and writes it where Chrome DevTools opens it:
// a CPU profile (.cpuprofile), a sampling heap profile (.heapprofile, what PM2's profile:mem writes)
// or a full heap snapshot (.heapsnapshot). The app's inspector is closed afterwards, so it listens
// only while tend profiles.
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { TendError } from '../errors/index.js';
import { InspectorSession } from './inspector-session.js';

export type ProfileKind = 'cpu' | 'heap' | 'snapshot';

export const profileExtensions: Record<ProfileKind, string> = { cpu: '.cpuprofile', heap: '.heapprofile', snapshot: '.heapsnapshot' };

export interface CaptureOptions {
  kind: ProfileKind;
  /** How long to record (cpu, heap); a snapshot is taken at once. */
  durationMs: number;
  file: string;
  /** The process the inspector must belong to: a port taken by another process is refused, not profiled. */
  pid: number;
}

const connectTimeoutMs = 5000;

interface Evaluated {
  result: { value?: unknown };
}

async function record(session: InspectorSession, options: CaptureOptions): Promise<void> {
  if (options.kind === 'cpu') {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    await delay(options.durationMs);
    const { profile } = await session.post<{ profile: unknown }>('Profiler.stop');
    writeFileSync(options.file, JSON.stringify(profile));
    return;
  }
  await session.post('HeapProfiler.enable');
  if (options.kind === 'heap') {
    await session.post('HeapProfiler.startSampling');
    await delay(options.durationMs);
    const { profile } = await session.post<{ profile: unknown }>('HeapProfiler.stopSampling');
    writeFileSync(options.file, JSON.stringify(profile));
    return;
  }
  // Each chunk is written before the next message is read: a disk slower than the inspector holds
  // the connection back (TCP flow control) instead of piling the snapshot up in memory.
  const fd = openSync(options.file, 'w');
  try {
    session.on('HeapProfiler.addHeapSnapshotChunk', (params) => writeSync(fd, (params as { chunk: string }).chunk));
    await session.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    closeSync(fd);
  }
}

export async function captureProfile(url: string, options: CaptureOptions): Promise<void> {
  const session = await InspectorSession.connect(url, connectTimeoutMs);
  try {
    const owner = await session.post<Evaluated>('Runtime.evaluate', { expression: 'process.pid', returnByValue: true });
    if (owner.result.value !== options.pid) {
      throw new TendError('E_PROFILE_FAILED', `the inspector at ${url} belongs to process ${String(owner.result.value)}, not ${options.pid}`);
    }
    await record(session, options);
  } finally {
    // Ending the inspector from inside one of its session's commands crashes Node (SIGSEGV,
    // nodejs/node#18761, seen here about once in 60 profiles): the app ends it on its next turn,
    // after this command is answered, which closes this session; the next profile then finds the
    // inspector closed and can open it again.
    await session.post('Runtime.evaluate', { expression: 'setImmediate(() => process._debugEnd()), undefined' }).catch(() => undefined);
    await session.closedByPeer(connectTimeoutMs);
  }
}
