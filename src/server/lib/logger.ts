import { createRequire } from 'node:module';
import { pino, stdTimeFunctions, type DestinationStream } from 'pino';

export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];
/** `json`: one JSON object per line, for a log collector. `pretty`: readable lines, for development. */
export const logFormats = ['json', 'pretty'] as const;
export type LogFormat = (typeof logFormats)[number];

export type Logger = {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
};

export type LoggerOptions = {
  format?: LogFormat;
  /** Where finished lines go; stdout unless a test collects them. */
  write?: (line: string) => void;
};

/**
 * What a log reader must never see raw: control characters (C0, DEL, C1) and the line and paragraph
 * separators, which start a line that looks like the logger's own; unpaired surrogates; and the
 * bidirectional overrides, which make a terminal show text in another order than it was written.
 */
const unsafeInText = /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\u202a-\u202e\u2066-\u2069\\]/gu;
// In a JSON line only string contents can hold these, and there \uXXXX reads back as the same text.
const unsafeInJson = /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\u202a-\u202e\u2066-\u2069]/gu;
const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\' };

const hex = (char: string, width: number) => char.charCodeAt(0).toString(16).padStart(width, '0');

/** The text with every unsafe character written as an escape, so one entry is always one line. */
export function escapeLogText(text: string): string {
  return text.replace(
    unsafeInText,
    (char) =>
      named[char] ?? (char.charCodeAt(0) < 0x100 ? `\\x${hex(char, 2)}` : `\\u${hex(char, 4)}`),
  );
}

/** A JSON line with every unsafe character inside its strings written as a \u escape. */
export function escapeJsonLine(line: string): string {
  const body = line.endsWith('\n') ? line.slice(0, -1) : line;
  return `${body.replace(unsafeInJson, (char) => `\\u${hex(char, 4)}`)}\n`;
}

/** For pretty output, which prints strings as they are: keys and string values escaped, deeply. */
function escapeFields(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return escapeLogText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => escapeFields(item, seen));
  const copy = new Map<string, unknown>();
  for (const [key, item] of Object.entries(value)) {
    copy.set(escapeLogText(key), escapeFields(item, seen));
  }
  return Object.fromEntries(copy);
}

/**
 * Field names that hold secrets. Callers never pass secrets (the secret scan checks every line); this is
 * the second line of defence should one slip into a field.
 */
const secretKeys = [
  'password',
  'token',
  'authorization',
  'cookie',
  'secret',
  'secrets',
  'apiKey',
  'webhookSecret',
];
const redactPaths = secretKeys.flatMap((key) => [key, `*.${key}`]);

const require = createRequire(import.meta.url);

/** pino-pretty is a development dependency: without it (a production install) lines stay JSON. */
function prettyDestination(write: (line: string) => void): DestinationStream | null {
  let prettyFactory: ((options: object) => (line: string) => string) | undefined;
  try {
    ({ prettyFactory } = require('pino-pretty') as {
      prettyFactory: (options: object) => (line: string) => string;
    });
  } catch {
    return null;
  }
  const prettify = prettyFactory({
    colorize: process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
  return { write: (line: string) => write(prettify(line)) };
}

/**
 * JSON lines through pino: time, level, message and the fields given. Whatever the message and fields hold (paths and names come from clients
 * and platforms), no control character reaches the output raw, so no input can start a line of its own.
 */
export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const pretty = options.format === 'pretty' ? prettyDestination(write) : null;
  const destination: DestinationStream = pretty ?? {
    write: (line: string) => write(escapeJsonLine(line)),
  };
  const base = pino(
    {
      level,
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactPaths, censor: '[redacted]' },
    },
    destination,
  );
  const entry =
    (method: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields?: Record<string, unknown>) => {
      if (!base.isLevelEnabled(method)) return;
      const text = pretty ? escapeLogText(String(message)) : String(message);
      if (fields === undefined) base[method](text);
      else base[method](pretty ? (escapeFields(fields) as object) : fields, text);
    };
  return { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error') };
}

/** A logger that adds `fields` (a request's id) to every entry, whatever logger it wraps. */
export function withFields(logger: Logger, fields: Readonly<Record<string, unknown>>): Logger {
  const entry = (method: keyof Logger) => (message: string, more?: Record<string, unknown>) =>
    logger[method](message, more ? { ...fields, ...more } : fields);
  return { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error') };
}
