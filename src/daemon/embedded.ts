// The daemon inside the calling process (the API's connect(true), and tend-runtime): same Daemon,
// same socket, ended with the process or by stop(). It takes the home's lock like a detached daemon:
// a home another daemon owns is refused, and its socket and state are left alone. Like main.ts, an entry
// point: it gives the daemon its adapters.
import { mkdirSync } from 'node:fs';
import { pino } from 'pino';
import { daemonAdapters } from '../adapters/daemon.js';
import { Daemon } from './daemon.js';
import { TendError } from '../errors/index.js';
import type { HomePaths } from '../protocol/home.js';
import { acquireHomeLock } from '../protocol/home-lock.js';

export async function startEmbeddedDaemon(paths: HomePaths): Promise<{ daemon: Daemon; stop: () => Promise<void> }> {
  mkdirSync(paths.home, { recursive: true, mode: 0o700 });
  const lock = acquireHomeLock(paths.lockFile);
  if (!lock.ok) {
    throw new TendError('E_DAEMON_RUNNING', `a tend daemon (pid ${lock.owner.pid}) already runs for ${paths.home}`, {
      hint: `Use that daemon (plain \`tend\` commands), stop it first with \`TEND_HOME=${paths.home} tend kill\`, or give this one another TEND_HOME.`,
    });
  }
  const logger = pino({ base: { pid: process.pid, embedded: true } }, pino.destination({ dest: paths.daemonLog, sync: true, mkdir: true }));
  let stopped: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (stopped = resolve));
  const daemon = new Daemon({
    paths,
    logger,
    exit: () => {
      lock.release();
      stopped();
    },
    adapters: daemonAdapters,
  });
  try {
    await daemon.start();
  } catch (error) {
    lock.release();
    throw error;
  }
  return {
    daemon,
    async stop() {
      await daemon.shutdown(false);
      await finished;
    },
  };
}
