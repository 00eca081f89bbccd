export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export type Logger = {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
};

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * What a log reader must never see raw: control characters (C0, DEL, C1) and the line and paragraph
 * separators, which start a line that looks like the logger's own; unpaired surrogates; and the
 * bidirectional overrides, which make a terminal show text in another order than it was written.
 */
const unsafeInMessage = /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\u202a-\u202e\u2066-\u2069\\]/gu;
// JSON.stringify already escapes C0 controls, quotes, backslashes and unpaired surrogates.
const unsafeInJson = /[\p{Cc}\p{Zl}\p{Zp}\u202a-\u202e\u2066-\u2069]/gu;
const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\' };

const hex = (char: string, width: number) => char.charCodeAt(0).toString(16).padStart(width, '0');

/** The text with every unsafe character written as an escape, so one entry is always one line. */
export function escapeLogText(text: string): string {
  return text.replace(
    unsafeInMessage,
    (char) =>
      named[char] ?? (char.charCodeAt(0) < 0x100 ? `\\x${hex(char, 2)}` : `\\u${hex(char, 4)}`),
  );
}

function fieldsJson(fields: Record<string, unknown>): string {
  let json: string;
  try {
    json = JSON.stringify(fields, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
  } catch (error) {
    json = JSON.stringify({ unloggableFields: String(error) });
  }
  return json.replace(unsafeInJson, (char) => `\\u${hex(char, 4)}`);
}

/**
 * One line per entry: time, level, message, then the given fields as JSON. Whatever the message and
 * fields hold (paths and names come from clients and platforms), control characters are escaped, so
 * no input can start a line of its own. Callers pass no bodies or secrets.
 */
export function createLogger(level: LogLevel): Logger {
  const write =
    (entryLevel: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields?: Record<string, unknown>) => {
      if (rank[entryLevel] < rank[level]) return;
      const line = `${new Date().toISOString()} ${entryLevel.toUpperCase()} ${escapeLogText(
        String(message),
      )}${fields ? ` ${fieldsJson(fields)}` : ''}`;
      if (entryLevel === 'error' || entryLevel === 'warn') process.stderr.write(`${line}\n`);
      else process.stdout.write(`${line}\n`);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
