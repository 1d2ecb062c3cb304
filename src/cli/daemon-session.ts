// Opens a connection to the daemon for one command (starting it when needed), tells the user when
// a new daemon brought apps back, and always closes the connection.
import { userInfo } from 'node:os';
import { DaemonClient } from '../drivers/local/client.js';
import { printNotice } from './views/output.js';

export async function withDaemon<T>(fn: (client: DaemonClient) => Promise<T>, options: { autoStart?: boolean } = {}): Promise<T> {
  const client = await DaemonClient.connect(options.autoStart === undefined ? {} : { autoStart: options.autoStart });
  try {
    if (client.restored.length > 0) printNotice(`tend: the daemon was restarted and brought back ${client.restored.length} app(s): ${client.restored.join(', ')}`);
    for (const notice of client.notices) printNotice(`tend: ${notice}`);
    return await fn(client);
  } finally {
    client.close();
  }
}

/** The caller's environment: the base every app env is laid over, as PM2 does. */
export function callerEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((pair): pair is [string, string] => pair[1] !== undefined));
}

/** Who runs this command, for lock holders and deploy records. */
export function holderName(command: string): string {
  return `tend ${command} (pid ${process.pid}, user ${userInfo().username})`;
}
