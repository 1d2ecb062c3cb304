// Turns a byte stream into whole lines. Splitting happens on the byte 0x0A only, which never occurs
// inside a multibyte UTF-8 sequence, so a character cut across two chunks is reassembled intact.

/** Longest line kept whole (bytes, newline excluded); longer lines are split into marked pieces. */
export const MAX_LINE_BYTES = 1024 * 1024;

const NEWLINE = 0x0a;

/** One complete line: its bytes without the newline. `continued`: it carries on a split long line. */
export interface SplitLine {
  bytes: Buffer;
  continued: boolean;
}

export interface LineSplitter {
  /** Lines completed by this chunk, in order. */
  push(chunk: Buffer): SplitLine[];
  /** The partial last line, when the stream ends without a newline. */
  end(): SplitLine[];
}

/** Index just past the last whole UTF-8 character within bytes[0, limit). */
function utf8CutPoint(bytes: Buffer, limit: number): number {
  let cut = limit;
  // Step back over continuation bytes (10xxxxxx) to the lead byte of the character that straddles limit.
  while (cut > 0 && cut > limit - 4 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut -= 1;
  return cut > 0 ? cut : limit;
}

export function createLineSplitter(maxLineBytes = MAX_LINE_BYTES): LineSplitter {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let continuing = false;

  function takePending(tail: Buffer): Buffer {
    const whole = pending.length === 0 ? tail : Buffer.concat([...pending, tail], pendingBytes + tail.length);
    pending = [];
    pendingBytes = 0;
    return whole;
  }

  function line(bytes: Buffer): SplitLine {
    const result = { bytes, continued: continuing };
    continuing = false;
    return result;
  }

  /** Cut pieces of at most maxLineBytes off the pending bytes while they are over the bound. */
  function splitOverlong(out: SplitLine[]): void {
    if (pendingBytes <= maxLineBytes) return;
    let rest = takePending(Buffer.alloc(0));
    while (rest.length > maxLineBytes) {
      const cut = utf8CutPoint(rest, maxLineBytes);
      out.push(line(rest.subarray(0, cut)));
      continuing = true;
      rest = rest.subarray(cut);
    }
    if (rest.length > 0) {
      pending = [rest];
      pendingBytes = rest.length;
    }
  }

  return {
    push(chunk) {
      const out: SplitLine[] = [];
      let start = 0;
      let index: number;
      while ((index = chunk.indexOf(NEWLINE, start)) !== -1) {
        const tail = chunk.subarray(start, index);
        if (pendingBytes + tail.length > maxLineBytes) {
          pending.push(tail);
          pendingBytes += tail.length;
          splitOverlong(out);
          out.push(line(takePending(Buffer.alloc(0))));
        } else {
          out.push(line(takePending(tail)));
        }
        start = index + 1;
      }
      if (start < chunk.length) {
        const rest = chunk.subarray(start);
        pending.push(rest);
        pendingBytes += rest.length;
        splitOverlong(out);
      }
      return out;
    },
    end() {
      if (pendingBytes === 0) return [];
      return [line(takePending(Buffer.alloc(0)))];
    },
  };
}
