// Newline-delimited JSON framing over a socket, shared by the daemon and its clients.
import { StringDecoder } from 'node:string_decoder';
import type { Socket } from 'node:net';

/** Calls onLine for each complete line; calls onOversize (and stops) when a line passes maxBytes. */
export function readLines(socket: Socket, maxBytes: number, onLine: (line: string) => void, onOversize: () => void): void {
  const decoder = new StringDecoder('utf8');
  let buffer = '';
  socket.on('data', (chunk: Buffer) => {
    buffer += decoder.write(chunk);
    let index: number;
    while ((index = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, index);
      buffer = buffer.slice(index + 1);
      if (line.trim().length > 0) onLine(line);
    }
    if (buffer.length > maxBytes) {
      buffer = '';
      onOversize();
    }
  });
}

export function writeMessage(socket: Socket, message: unknown): boolean {
  if (socket.destroyed || !socket.writable) return false;
  return socket.write(`${JSON.stringify(message)}\n`);
}
