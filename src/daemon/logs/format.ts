// What a captured line looks like in a log file: as is, with a date prefix, or as one JSON object.
import dayjs from 'dayjs';
import type { AppSpec } from '../../ecosystem/types.js';
import { CONTINUATION_MARK, type LogStream } from '../../protocol/events.js';

const NEWLINE = Buffer.from('\n');
const MARK = Buffer.from(CONTINUATION_MARK);

export interface LineFormatter {
  /** The bytes to append to a file for one line (newline included). */
  format(bytes: Buffer, stream: LogStream, continued: boolean, at: number): Buffer;
}

/** dayjs formatting is the costly part; lines completed in the same millisecond share a date. */
function cachedDate(pattern: string): (at: number) => string {
  let lastAt = Number.NaN;
  let lastText = '';
  return (at) => {
    if (at !== lastAt) {
      lastAt = at;
      lastText = dayjs(at).format(pattern);
    }
    return lastText;
  };
}

export function createLineFormatter(spec: Pick<AppSpec, 'name' | 'log_date_format' | 'log_type'>, pmId: number): LineFormatter {
  const date = spec.log_date_format === null ? null : cachedDate(spec.log_date_format);
  if (spec.log_type === 'json') {
    return {
      format(bytes, stream, continued, at) {
        const record = {
          message: bytes.toString('utf8'),
          timestamp: date ? date(at) : new Date(at).toISOString(),
          type: stream,
          process_id: pmId,
          app_name: spec.name,
          ...(continued ? { continued: true } : {}),
        };
        return Buffer.from(`${JSON.stringify(record)}\n`);
      },
    };
  }
  return {
    format(bytes, _stream, continued, at) {
      const parts: Buffer[] = [];
      if (date) parts.push(Buffer.from(`${date(at)}: `));
      if (continued) parts.push(MARK);
      if (parts.length === 0) return Buffer.concat([bytes, NEWLINE], bytes.length + 1);
      parts.push(bytes, NEWLINE);
      return Buffer.concat(parts);
    },
  };
}
