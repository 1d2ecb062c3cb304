// A raw connection to a daemon's socket, for tests of the wire itself: sends lines as given and
// collects the reply lines.
import { connect, type Socket } from 'node:net';
import { waitFor } from './daemon.js';

export interface Reply {
  id?: unknown;
  result?: unknown;
  error?: { code: string; message: string; hint: string; details?: unknown };
}

/** One connection to the daemon socket that collects reply lines. */
export class Peer {
  readonly replies: Reply[] = [];
  closed = false;
  private buffer = '';
  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let index: number;
      while ((index = this.buffer.indexOf('\n')) !== -1) {
        this.replies.push(JSON.parse(this.buffer.slice(0, index)) as Reply);
        this.buffer = this.buffer.slice(index + 1);
      }
    });
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined);
  }

  static open(path: string): Promise<Peer> {
    return new Promise((resolve, reject) => {
      const socket = connect(path, () => resolve(new Peer(socket)));
      socket.once('error', reject);
    });
  }

  send(text: string): void {
    this.socket.write(text);
  }

  async request(id: number, method: string, params: unknown = {}): Promise<Reply> {
    this.send(`${JSON.stringify({ id, method, params })}\n`);
    return this.next((reply) => reply.id === id);
  }

  next(match: (reply: Reply) => boolean, timeoutMs = 10_000): Promise<Reply> {
    return waitFor('a reply', () => this.replies.find(match), timeoutMs);
  }

  close(): void {
    this.socket.destroy();
  }
}
