// The daemon's own log, TEND_HOME/tend.log (pino JSON lines), rotated by size like app logs:
// tend.log → tend.log.1 → … tend.log.<retain>. TEND_DAEMON_LOG_MAX_SIZE (bytes, default 10 MiB) sets the size.
import { statSync } from 'node:fs';
import { pino, type Logger } from 'pino';
import { shiftRotated } from './logs/rotate.js';

const defaultMaxBytes = 10 * 1024 * 1024;
const retain = 5;
const checkEveryMs = 2000;

export function daemonLogMaxBytes(env: NodeJS.ProcessEnv = process.env): number {
  const bytes = Number(env.TEND_DAEMON_LOG_MAX_SIZE);
  return Number.isInteger(bytes) && bytes > 0 ? bytes : defaultMaxBytes;
}

export interface DaemonLog {
  logger: Logger;
  /** Reopens tend.log (after logrotate moved it: SIGHUP). */
  reopen(): void;
  close(): void;
}

export function openDaemonLog(path: string, base: Record<string, unknown>): DaemonLog {
  const destination = pino.destination({ dest: path, sync: true, mkdir: true });
  const logger = pino({ base }, destination);
  const maxBytes = daemonLogMaxBytes();
  let rotating = false;
  const check = async (): Promise<void> => {
    if (rotating) return;
    let size = 0;
    try {
      size = statSync(path).size;
    } catch {
      return;
    }
    if (size < maxBytes) return;
    rotating = true;
    try {
      await shiftRotated(path, retain);
      destination.reopen();
      logger.info({ rotatedAt: size }, 'tend.log rotated');
    } catch (error) {
      logger.warn({ err: error }, 'cannot rotate tend.log');
    } finally {
      rotating = false;
    }
  };
  const timer = setInterval(() => void check(), checkEveryMs);
  timer.unref();
  return {
    logger,
    reopen: () => destination.reopen(),
    close: () => clearInterval(timer),
  };
}
