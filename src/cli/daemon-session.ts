// Opens a connection to the daemon for one command (starting it when needed), tells the user when
// a new daemon brought apps back, and always closes the connection.
import { DaemonClient } from '../client/daemon-client.js';
import { printNotice } from './views/output.js';

export async function withDaemon<T>(fn: (client: DaemonClient) => Promise<T>, options: { autoStart?: boolean } = {}): Promise<T> {
  const client = await DaemonClient.connect(options.autoStart === undefined ? {} : { autoStart: options.autoStart });
  try {
    if (client.restored.length > 0)
      printNotice(`tend: the daemon was restarted and brought back ${client.restored.length} app(s): ${client.restored.join(', ')}`);
    for (const notice of client.notices) printNotice(`tend: ${notice}`);
    return await fn(client);
  } finally {
    client.close();
  }
}
