// Who calls the daemon, as the daemon needs to know it: the caller's environment (the base every app
// env is laid over, as PM2 does) and a holder name for locks.
import { userInfo } from 'node:os';

export function callerEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((pair): pair is [string, string] => pair[1] !== undefined));
}

/** e.g. `tend apply (pid 123, user ada)`: shown to a second apply refused by the lock. */
export function holderName(command: string): string {
  return `${command} (pid ${process.pid}, user ${userInfo().username})`;
}
