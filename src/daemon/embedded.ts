// The daemon inside the calling process (the API's connect(true), and tend-runtime): same Daemon,
// same socket, ended with the process or by stop().
import { mkdirSync } from 'node:fs';
import { pino } from 'pino';
import { Daemon } from './daemon.js';
import type { HomePaths } from '../protocol/home.js';

export async function startEmbeddedDaemon(paths: HomePaths): Promise<{ daemon: Daemon; stop: () => Promise<void> }> {
  mkdirSync(paths.home, { recursive: true, mode: 0o700 });
  const logger = pino({ base: { pid: process.pid, embedded: true } }, pino.destination({ dest: paths.daemonLog, sync: true, mkdir: true }));
  let stopped: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (stopped = resolve));
  const daemon = new Daemon(paths, logger, () => stopped());
  await daemon.start();
  return {
    daemon,
    async stop() {
      await daemon.shutdown(false);
      await finished;
    },
  };
}
