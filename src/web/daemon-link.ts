// The console's connection to the daemon: one client for requests, reopened when the daemon went
// away, and one short-lived client per log stream. The console only ever talks the CLI's protocol.
import { DaemonClient } from '../client/daemon-client.js';
import type { DaemonEvent } from '../protocol/messages.js';

export class DaemonLink {
  private client: DaemonClient | null = null;
  private connecting: Promise<DaemonClient> | null = null;

  constructor(private readonly home: string) {}

  /** The shared client; the daemon is started only by the console's first connection. */
  async get(autoStart = false): Promise<DaemonClient> {
    if (this.client) return this.client;
    this.connecting ??= DaemonClient.connect({ home: this.home, autoStart })
      .then((client) => {
        this.client = client;
        // A daemon that went away (killed, updated) is reached again on the next request.
        void client.waitClosed().then(() => {
          if (this.client === client) this.client = null;
        });
        return client;
      })
      .finally(() => (this.connecting = null));
    return this.connecting;
  }

  /** A separate connection that streams events until the returned function is called. */
  async stream(params: { logs?: boolean; lifecycle?: boolean }, listener: (event: DaemonEvent) => void): Promise<() => void> {
    const client = await DaemonClient.connect({ home: this.home, autoStart: false });
    await client.subscribe(params, listener);
    return () => client.close();
  }

  close(): void {
    this.client?.close();
    this.client = null;
  }
}
