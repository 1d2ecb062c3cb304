// The webhook receiver's lifecycle in the daemon: started by `tend sync webhook`, restored at daemon
// start when its secret came from a file, stopped with the daemon. The HTTP side is webhook.ts.
import { TendError } from '../../errors/index.js';
import type { Logger } from 'pino';
import type { Methods } from '../../protocol/messages.js';
import { readSecretFile } from './secrets.js';
import type { StoredWebhook } from './types.js';
import { WebhookServer, type WebhookOptions } from './webhook.js';

export class WebhookReceiver {
  private server: WebhookServer | null = null;

  constructor(
    private config: StoredWebhook | null,
    private readonly trigger: WebhookOptions['trigger'],
    /** Called when the settings kept in state.json changed. */
    private readonly changed: () => void,
  ) {}

  /** Starts the receiver kept in state.json, when its secret is in a file. */
  restore(logger: Logger): void {
    const config = this.config;
    if (!config?.secretFile) return;
    const secretFile = config.secretFile;
    Promise.resolve()
      .then(() => this.listen(config.port, config.bind, readSecretFile(secretFile), secretFile))
      .catch((error: unknown) => logger.warn({ err: error }, 'webhook receiver not restored'));
  }

  async configure(params: Methods['syncWebhook']['params']): Promise<Methods['syncWebhook']['result']> {
    await this.close();
    if (params.stop) {
      this.config = null;
      this.changed();
      return { url: null, port: params.port, bind: params.bind };
    }
    const secret = params.secretFile ? readSecretFile(params.secretFile) : params.secret;
    if (!secret) throw new TendError('E_SYNC_WEBHOOK', 'the webhook needs a secret', { hint: 'Pass --secret-file FILE or --secret-env VAR.' });
    const server = await this.listen(params.port, params.bind, secret, params.secretFile ?? null);
    return { url: server.url(), port: server.port, bind: params.bind };
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    await server?.close();
  }

  toState(): StoredWebhook | null {
    return this.config;
  }

  private async listen(port: number, bind: string, secret: string, secretFile: string | null): Promise<WebhookServer> {
    let server: WebhookServer;
    try {
      server = await WebhookServer.listen({ port, bind, secret, trigger: this.trigger });
    } catch (error) {
      throw new TendError('E_SYNC_WEBHOOK', `cannot listen on ${bind}:${port}: ${(error as Error).message}`);
    }
    this.server = server;
    this.config = { port: server.port, bind, secretFile };
    this.changed();
    return server;
  }
}
