// One API instance's link to its daemon: the home it manages, the cwd it resolves paths from, and
// the connection, opened on first use (PM2's lazy API) or by connect(). Calls made while a connect
// is in flight wait for it; buses opened by the instance are closed by disconnect().
import { DaemonClient } from '../client/daemon-client.js';
import { homePaths, type HomePaths } from '../protocol/home.js';

interface Closable {
  close(): void;
}

export class Session {
  readonly paths: HomePaths;
  readonly buses = new Set<Closable>();
  private connecting: Promise<DaemonClient> | null = null;
  private embedded: { stop: () => Promise<void> } | null = null;

  constructor(
    readonly cwd: string,
    home: string,
    /** false: the daemon runs inside this process (PM2's `connect(true)` / `daemon_mode: false`). */
    public daemonMode: boolean,
  ) {
    this.paths = homePaths(home);
  }

  /** The connection, opened when there is none yet. */
  client(): Promise<DaemonClient> {
    this.connecting ??= this.open().catch((error: unknown) => {
      this.connecting = null;
      throw error;
    });
    return this.connecting;
  }

  /** A second connection of its own (a bus streams events on it). */
  async extraClient(): Promise<DaemonClient> {
    await this.client();
    return DaemonClient.connect({ home: this.paths.home });
  }

  async close(): Promise<void> {
    for (const bus of this.buses) bus.close();
    this.buses.clear();
    const connecting = this.connecting;
    this.connecting = null;
    if (connecting) (await connecting.catch(() => null))?.close();
    const embedded = this.embedded;
    this.embedded = null;
    await embedded?.stop();
  }

  /** The daemon went away (kill): forget the connection and the embedded daemon it was. */
  forget(): void {
    this.connecting = null;
    this.embedded = null;
  }

  private async open(): Promise<DaemonClient> {
    if (!this.daemonMode && !this.embedded) {
      const { startEmbeddedDaemon } = await import('../daemon/embedded.js');
      this.embedded = await startEmbeddedDaemon(this.paths);
    }
    return DaemonClient.connect({ home: this.paths.home });
  }
}
