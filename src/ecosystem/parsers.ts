// Value parsers of the field catalog. Each checks one raw value (from a file or the CLI), returns the
// normalized value or a problem with a hint, and describes itself as a JSON schema fragment.
import { Cron } from 'croner';
import shellQuote from 'shell-quote';
import { parseDuration, parseMemory } from './units.js';
import type { HealthCheck } from './types.js';

export type JsonSchema = Record<string, unknown>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string; hint: string };

/** What a parser may know about the machine; passed in so that parsers stay pure. */
export interface ParseContext {
  cpus: number;
}

export interface Parser<T> {
  /** Human description of accepted values (docs table). */
  readonly type: string;
  readonly schema: JsonSchema;
  parse(raw: unknown, context: ParseContext): ParseResult<T>;
}

export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

export function fail<T>(message: string, hint: string): ParseResult<T> {
  return { ok: false, message, hint };
}

function numericString(raw: unknown): number | undefined {
  return typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : undefined;
}

export const anyValue: Parser<unknown> = { type: 'any', schema: {}, parse: (raw) => ok(raw) };

export const bool: Parser<boolean> = {
  type: 'boolean',
  schema: { type: 'boolean' },
  parse: (raw) => (typeof raw === 'boolean' ? ok(raw) : fail('must be true or false', 'write true or false without quotes')),
};

export function text(options: { pattern?: RegExp; patternHint?: string; maxBytes?: number } = {}): Parser<string> {
  const { maxBytes } = options;
  return {
    type: 'string',
    schema: { type: 'string', minLength: 1, ...(maxBytes === undefined ? {} : { maxLength: maxBytes }) },
    parse: (raw) => {
      if (typeof raw !== 'string' || raw.length === 0) return fail('must be a non-empty string', 'write a string in quotes');
      if (maxBytes !== undefined && Buffer.byteLength(raw) > maxBytes) return fail(`is longer than ${maxBytes} bytes`, 'use a shorter value');
      if (options.pattern && !options.pattern.test(raw)) return fail('has an invalid format', options.patternHint ?? 'see docs/ecosystem.md');
      return ok(raw);
    },
  };
}

export function integer(options: { min?: number; max?: number } = {}): Parser<number> {
  const { min, max } = options;
  const range = `${min ?? '-∞'}..${max ?? '∞'}`;
  return {
    type: min === 0 ? 'integer ≥ 0' : `integer ${range}`,
    schema: {
      anyOf: [
        { type: 'integer', ...(min === undefined ? {} : { minimum: min }), ...(max === undefined ? {} : { maximum: max }) },
        { type: 'string', pattern: '^-?\\d+$' },
      ],
    },
    parse: (raw) => {
      const value = typeof raw === 'number' ? raw : numericString(raw);
      if (value === undefined || !Number.isInteger(value)) return fail('must be a whole number', 'write a number such as 3');
      if ((min !== undefined && value < min) || (max !== undefined && value > max)) return fail(`must be in ${range}`, `write a number in ${range}`);
      return ok(value);
    },
  };
}

export const duration: Parser<number> = {
  type: 'duration (ms, or "5s", "2m", "1h")',
  schema: {
    anyOf: [
      { type: 'number', minimum: 0 },
      { type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|d)?\\s*$' },
    ],
  },
  parse: (raw) => {
    const value = parseDuration(raw);
    return value === undefined ? fail('is not a duration', 'write milliseconds (1000) or a number with a unit: "500ms", "5s", "2m", "1h"') : ok(value);
  },
};

export const memory: Parser<number> = {
  type: 'size (bytes, or "512K", "300M", "1G")',
  schema: {
    anyOf: [
      { type: 'integer', minimum: 0 },
      { type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*([kKmMgG][bB]?|[bB])?\\s*$' },
    ],
  },
  parse: (raw) => {
    const value = parseMemory(raw);
    return value === undefined ? fail('is not a size', 'write bytes (1048576) or a number with a unit: "512K", "300M", "1G"') : ok(value);
  },
};

export function oneOf<T extends string>(values: readonly T[], aliases: Readonly<Record<string, T>> = {}): Parser<T> {
  const accepted = [...values, ...Object.keys(aliases)];
  return {
    type: values.map((value) => `"${value}"`).join(' | '),
    schema: { type: 'string', enum: accepted },
    parse: (raw) => {
      if (typeof raw === 'string') {
        const value = values.find((candidate) => candidate === raw) ?? aliases[raw];
        if (value !== undefined) return ok(value);
      }
      return fail(`must be one of ${values.join(', ')}`, `write one of: ${values.join(', ')}`);
    },
  };
}

/** A list of strings; a single string is split like a shell would (`split: 'shell'`) or kept whole. */
export function stringList(split: 'shell' | 'none'): Parser<string[]> {
  return {
    type: split === 'shell' ? 'string (shell-split) or array of strings' : 'string or array of strings',
    schema: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: ['string', 'number'] } }] },
    parse: (raw) => {
      if (typeof raw === 'string') return split === 'shell' ? splitShell(raw) : ok([raw]);
      if (Array.isArray(raw) && raw.every((item) => typeof item === 'string' || typeof item === 'number')) return ok(raw.map(String));
      return fail('must be a string or an array of strings', 'write ["--flag", "value"] or a single string');
    },
  };
}

function splitShell(line: string): ParseResult<string[]> {
  const words = shellQuote.parse(line, (name) => `$${name}`);
  if (words.every((word): word is string => typeof word === 'string')) return ok(words);
  return fail('contains shell operators', 'give the arguments as an array of strings');
}

export function nullable<T>(inner: Parser<T>): Parser<T | null> {
  return {
    type: `${inner.type} | null`,
    schema: { anyOf: [inner.schema, { type: 'null' }] },
    parse: (raw, context) => (raw === null ? ok(null) : inner.parse(raw, context)),
  };
}

/** Process count: a number, "max" or 0 (every CPU), or negative (CPUs − n, at least 1). */
export const instances: Parser<number> = {
  type: 'integer, "max", 0 (= CPUs) or negative (CPUs − n)',
  schema: { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^(max|-?\\d+)$' }] },
  parse: (raw, context) => {
    const value = raw === 'max' ? 0 : typeof raw === 'number' ? raw : numericString(raw);
    if (value === undefined || !Number.isInteger(value))
      return fail('must be a whole number or "max"', 'write a number such as 4, "max" for every CPU, or -1 for every CPU but one');
    if (value > 0) return ok(value);
    return ok(Math.max(1, context.cpus + value));
  },
};

export const cronPattern: Parser<string | null> = {
  type: 'cron pattern (0 disables)',
  schema: { anyOf: [{ type: 'string' }, { const: 0 }, { type: 'null' }] },
  parse: (raw) => {
    if (raw === 0 || raw === '0' || raw === null) return ok(null);
    if (typeof raw !== 'string') return fail('must be a cron pattern string', 'write a pattern such as "0 3 * * *" (minute hour day month weekday)');
    try {
      new Cron(raw, { paused: true });
    } catch (error) {
      return fail(
        `is not a valid cron pattern (${error instanceof Error ? error.message : String(error)})`,
        'write five or six fields, e.g. "0 3 * * *" for 03:00 every day',
      );
    }
    return ok(raw);
  },
};

export const stringOrNumber: Parser<string | number> = {
  type: 'string or integer',
  schema: { type: ['string', 'integer'] },
  parse: (raw) =>
    (typeof raw === 'string' && raw.length > 0) || (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0)
      ? ok(raw)
      : fail('must be a name or a numeric id', 'write a user/group name or its numeric id'),
};

export const exitCodes: Parser<number[]> = {
  type: 'integer or array of integers',
  schema: { anyOf: [{ type: 'integer' }, { type: 'array', items: { type: 'integer' } }] },
  parse: (raw) => {
    const list: unknown[] = Array.isArray(raw) ? raw : [raw];
    const codes = list.map((item) => (typeof item === 'number' ? item : numericString(item)));
    if (codes.every((code): code is number => code !== undefined && Number.isInteger(code) && code >= 0 && code <= 255)) return ok(codes);
    return fail('must be exit codes (0-255)', 'write a number or a list such as [0, 2]');
  },
};

/** The `env` object: values become strings (objects as JSON), null values are dropped; keys sorted. */
export const envObject: Parser<Record<string, string>> = {
  type: 'object of strings',
  schema: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'object', 'array', 'null'] } },
  parse: (raw) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return fail('must be an object of NAME: value', 'write env as a map, e.g. { NODE_ENV: "production" }');
    const env: Record<string, string> = {};
    for (const key of Object.keys(raw).sort()) {
      const value: unknown = (raw as Record<string, unknown>)[key];
      if (value === null || value === undefined) continue;
      env[key] = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
    }
    return ok(env);
  },
};

export const plainObject: Parser<Record<string, unknown>> = {
  type: 'object',
  schema: { type: 'object' },
  parse: (raw) =>
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? ok(raw as Record<string, unknown>) : fail('must be an object', 'write a map of options'),
};

/** `watch`: true (the cwd), false, a path, or a list of paths. Paths are made absolute later. */
export const watchPaths: Parser<false | string[]> = {
  type: 'boolean, path or array of paths',
  schema: { anyOf: [{ type: 'boolean' }, { type: 'string' }, { type: 'array', items: { type: 'string' } }] },
  parse: (raw) => {
    if (raw === false) return ok(false);
    if (raw === true) return ok([]);
    if (typeof raw === 'string' && raw.length > 0) return ok([raw]);
    if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) return ok(raw.length === 0 ? false : raw);
    return fail('must be true, false, a path or a list of paths', 'write watch: true to watch the app directory, or a list of paths');
  },
};

/** `filter_env`: true drops the whole inherited env; strings drop the inherited keys that contain them. */
export const filterEnv: Parser<boolean | string[]> = {
  type: 'boolean, string or array of strings',
  schema: { anyOf: [{ type: 'boolean' }, { type: 'string' }, { type: 'array', items: { type: 'string' } }] },
  parse: (raw) => {
    if (typeof raw === 'boolean') return ok(raw);
    if (typeof raw === 'string') return ok([raw]);
    if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) return ok(raw);
    return fail('must be true, false or a list of prefixes', 'write filter_env: true, or a list such as ["AWS_", "SECRET"]');
  },
};

/** `log_file`: true for the default combined file, false for none, or a path. */
export const logFile: Parser<string | boolean> = {
  type: 'boolean or path',
  schema: { type: ['boolean', 'string'] },
  parse: (raw) =>
    typeof raw === 'boolean' || (typeof raw === 'string' && raw.length > 0)
      ? ok(raw)
      : fail('must be true, false or a path', 'write log_file: true or a file path'),
};

/** `health`: one of http or tcp; checked on 127.0.0.1. */
const HEALTH_TIMEOUT_MS = 5000;
const healthKeys = new Set(['http', 'tcp', 'port', 'timeout']);

export const healthCheck: Parser<HealthCheck> = {
  type: '{ http: path, port?, timeout? } or { tcp: port, timeout? }',
  schema: {
    anyOf: [
      {
        type: 'object',
        required: ['http'],
        additionalProperties: false,
        properties: { http: { type: 'string', pattern: '^/' }, port: { type: 'integer', minimum: 1, maximum: 65535 }, timeout: duration.schema },
      },
      {
        type: 'object',
        required: ['tcp'],
        additionalProperties: false,
        properties: { tcp: { type: 'integer', minimum: 1, maximum: 65535 }, timeout: duration.schema },
      },
    ],
  },
  parse: (raw, context) => {
    const hint = "write health: { http: '/healthz' } (port: the app's PORT unless given) or health: { tcp: 3000 }";
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('must be an object', hint);
    const given = raw as Record<string, unknown>;
    const unknown = Object.keys(given).filter((key) => !healthKeys.has(key));
    if (unknown.length > 0) return fail(`has unknown keys: ${unknown.join(', ')}`, hint);
    if ('http' in given === 'tcp' in given) return fail('needs exactly one of http or tcp', hint);
    const timeout = given.timeout === undefined ? ok(HEALTH_TIMEOUT_MS) : duration.parse(given.timeout, context);
    if (!timeout.ok) return fail(`timeout ${timeout.message}`, timeout.hint);
    const port = integer({ min: 1, max: 65535 });
    if ('tcp' in given) {
      if ('port' in given) return fail('takes its port in tcp, not port', hint);
      const tcp = port.parse(given.tcp, context);
      return tcp.ok ? ok({ tcp: tcp.value, timeout: timeout.value }) : fail(`tcp ${tcp.message}`, hint);
    }
    if (typeof given.http !== 'string' || !given.http.startsWith('/')) return fail('http must be a path starting with /', hint);
    // null is the normalized form of "the instance's PORT" (parsing a normalized spec again changes nothing).
    const httpPort = given.port === undefined || given.port === null ? ok(null) : port.parse(given.port, context);
    if (!httpPort.ok) return fail(`port ${httpPort.message}`, hint);
    return ok({ http: given.http, port: httpPort.value, timeout: timeout.value });
  },
};
