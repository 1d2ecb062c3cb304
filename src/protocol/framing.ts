// Newline-delimited JSON framing over a socket, shared by the daemon and its clients.
import { StringDecoder } from 'node:string_decoder';
import type { Socket } from 'node:net';

/**
 * Calls onLine for each complete line; calls onOversize (and stops) when a line passes maxBytes.
 * Only the new chunk is searched for the end of a line and the parts of a long line are joined once,
 * so a message of many chunks (a plan of 5,000 apps is megabytes) costs linear time, not quadratic.
 */
export function readLines(socket: Socket, maxBytes: number, onLine: (line: string) => void, onOversize: () => void): void {
  const decoder = new StringDecoder('utf8');
  let parts: string[] = [];
  let pending = 0;
  socket.on('data', (chunk: Buffer) => {
    const text = decoder.write(chunk);
    let start = 0;
    let index: number;
    while ((index = text.indexOf('\n', start)) !== -1) {
      parts.push(text.slice(start, index));
      const line = parts.length === 1 ? parts[0]! : parts.join('');
      parts = [];
      pending = 0;
      start = index + 1;
      if (line.trim().length > 0) onLine(line);
    }
    if (start < text.length) {
      parts.push(text.slice(start));
      pending += text.length - start;
    }
    if (pending > maxBytes) {
      parts = [];
      pending = 0;
      onOversize();
    }
  });
}

export function writeMessage(socket: Socket, message: unknown): boolean {
  if (socket.destroyed || !socket.writable) return false;
  return socket.write(`${JSON.stringify(message)}\n`);
}
