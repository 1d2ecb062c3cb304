// The daemon's entry point (started detached by the first CLI or API call). Prints `ready` on
// stdout once it listens, so the starter knows; everything else goes to TEND_HOME/tend.log.
import { chmodSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { pino } from 'pino';
import { Daemon } from './daemon.js';
import { homePaths, resolveHome } from '../protocol/home.js';

const paths = homePaths(resolveHome());
mkdirSync(paths.home, { recursive: true, mode: 0o700 });
chmodSync(paths.home, 0o700);
mkdirSync(paths.logsDir, { recursive: true });
process.title = `tend daemon (${paths.home})`;

const logger = pino({ base: { pid: process.pid } }, pino.destination({ dest: paths.daemonLog, sync: true, mkdir: true }));

function exit(code: number): void {
  try {
    unlinkSync(paths.pidFile);
  } catch {
    // already gone
  }
  process.exit(code);
}

const daemon = new Daemon(paths, logger, exit);

process.on('uncaughtException', (error) => logger.error({ err: error }, 'uncaught exception'));
process.on('unhandledRejection', (error) => logger.error({ err: error }, 'unhandled rejection'));
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.on(signal, () => {
    logger.info({ signal }, 'signal received: stopping apps, keeping state');
    void daemon.shutdown(true);
  });
}
process.on('SIGUSR2', () => void daemon.logs.reopen());

try {
  await daemon.start();
  writeFileSync(paths.pidFile, `${process.pid}\n`);
  logger.info({ home: paths.home, socket: paths.socket }, 'daemon listening');
  process.stdout.write('ready\n');
} catch (error) {
  logger.error({ err: error }, 'daemon failed to start');
  process.stdout.write(`${(error as Error).message}\n`);
  exit(1);
}
