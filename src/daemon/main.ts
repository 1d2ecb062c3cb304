// The daemon's entry point (started detached by the first CLI or API call). Takes the home's lock
// before touching anything else; prints `ready` on stdout once it listens, or `owned <pid>` when
// another daemon owns the home (this one then exits having changed nothing). Everything else goes to
// TEND_HOME/tend.log. Signals: docs/reliability.md. The one place (with embedded.ts) that gives the
// daemon its adapters (src/adapters: git, webhooks).
import { chmodSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { daemonAdapters } from '../adapters/daemon.js';
import { Daemon } from './daemon.js';
import { openDaemonLog } from './daemon-log.js';
import { homePaths, resolveHome } from '../protocol/home.js';
import { acquireHomeLock } from '../protocol/home-lock.js';

const paths = homePaths(resolveHome());
mkdirSync(paths.home, { recursive: true, mode: 0o700 });
chmodSync(paths.home, 0o700);

const lock = acquireHomeLock(paths.lockFile);
if (!lock.ok) {
  process.stdout.write(`owned ${lock.owner.pid}\n`);
  process.exit(0);
}

mkdirSync(paths.logsDir, { recursive: true });
process.title = `tend daemon (${paths.home})`;

const daemonLog = openDaemonLog(paths.daemonLog, { pid: process.pid });
const logger = daemonLog.logger;

/** A second pid file where the user asked for one (PM2's PM2_PID_FILE_PATH); tend.pid stays the one tend reads. */
const extraPidFile = process.env.TEND_PID_FILE_PATH ?? process.env.PM2_PID_FILE_PATH;

function exit(code: number): void {
  for (const file of [paths.pidFile, extraPidFile]) {
    if (file === undefined || file === '') continue;
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
  if (lock.ok) lock.release();
  process.exit(code);
}

const daemon = new Daemon({ paths, logger, exit, adapters: daemonAdapters });

process.on('uncaughtException', (error) => logger.error({ err: error }, 'uncaught exception'));
process.on('unhandledRejection', (error) => logger.error({ err: error }, 'unhandled rejection'));
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    logger.info({ signal }, 'signal received: stopping apps, keeping state');
    void daemon.shutdown(true);
  });
}
// SIGHUP is the usual "reopen your log files" (after logrotate moved them); SIGUSR2 as PM2 has it.
for (const signal of ['SIGHUP', 'SIGUSR2'] as const) {
  process.on(signal, () => {
    daemonLog.reopen();
    logger.info({ signal }, 'signal received: log files reopened');
    void daemon.reopenLogs();
  });
}

try {
  await daemon.start();
  writeFileSync(paths.pidFile, `${process.pid}\n`);
  if (extraPidFile) {
    try {
      writeFileSync(extraPidFile, `${process.pid}\n`);
    } catch (error) {
      logger.warn({ err: error, file: extraPidFile }, 'cannot write the pid file named by TEND_PID_FILE_PATH / PM2_PID_FILE_PATH');
    }
  }
  logger.info({ home: paths.home, socket: paths.socket }, 'daemon listening');
  process.stdout.write('ready\n');
} catch (error) {
  logger.error({ err: error }, 'daemon failed to start');
  process.stdout.write(`${(error as Error).message}\n`);
  exit(1);
}
