// Shared by the supervisor and cluster tests: a real Supervisor with a real log hub in a temp TEND_HOME,
// specs with catalog defaults, and waits on events with deadlines.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createLogHub } from '../../src/daemon/logs/index.js';
import type { LogHub } from '../../src/daemon/logs/types.js';
import type { LogLineEvent } from '../../src/protocol/events.js';
import { readStat } from '../../src/daemon/process/proc.js';
import { Supervisor } from '../../src/daemon/process/supervisor.js';
import type { AppMessageEvent, LifecycleEvent } from '../../src/protocol/events.js';
import { waitFor } from './wait.js';

export { fixture, fixtures, makeSpec } from './make-spec.js';

export interface Harness {
  home: string;
  supervisor: Supervisor;
  logs: LogHub;
  events: LifecycleEvent[];
  messages: AppMessageEvent[];
  lines: LogLineEvent[];
  /** The shared `waitFor`, re-checked on every event as well. */
  waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  /** The next IPC message of `pm_id` matching `match`, including ones already received. */
  message(pm_id: number, match: (data: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export function createHarness(): Harness {
  const home = mkdtempSync(join(tmpdir(), 'tend-sup-'));
  const events: LifecycleEvent[] = [];
  const messages: AppMessageEvent[] = [];
  const lines: LogLineEvent[] = [];
  const waiters = new Set<() => void>();
  const poke = (): void => {
    for (const waiter of [...waiters]) waiter();
  };
  const logs = createLogHub({
    logsDir: join(home, 'logs'),
    onLine: (line) => {
      lines.push(line);
      poke();
    },
  });
  const supervisor = new Supervisor({ home, logs, logger: pino({ level: 'silent' }) });
  supervisor.on('lifecycle', (event) => {
    events.push(event);
    poke();
  });
  supervisor.on('message', (event) => {
    messages.push(event);
    poke();
  });

  // Re-checked on every event, and every 25 ms for conditions on /proc (a pid gone) that change without one.
  const waitOn = <T>(what: string, check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> =>
    waitFor(what, check, {
      timeoutMs,
      intervalMs: 25,
      subscribe: (recheck) => {
        waiters.add(recheck);
        return () => waiters.delete(recheck);
      },
    });

  return {
    home,
    supervisor,
    logs,
    events,
    messages,
    lines,
    waitFor: waitOn,
    message(pm_id, match, timeoutMs) {
      const matching = (event: AppMessageEvent): boolean =>
        event.pm_id === pm_id && typeof event.data === 'object' && event.data !== null && match(event.data as Record<string, unknown>);
      return waitOn(`a message from ${pm_id}`, () => messages.find(matching)?.data as Record<string, unknown> | undefined, timeoutMs);
    },
    async close() {
      await supervisor.shutdown();
      await logs.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A TCP port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Running (a zombie waiting to be reaped counts as gone). */
export function isAlive(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== null && stat.state !== 'Z';
}
