export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export type Logger = {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
};

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** One line per entry: time, level, message, then the given fields as JSON. Callers pass no bodies or secrets. */
export function createLogger(level: LogLevel): Logger {
  const write =
    (entryLevel: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields?: Record<string, unknown>) => {
      if (rank[entryLevel] < rank[level]) return;
      const line = `${new Date().toISOString()} ${entryLevel.toUpperCase()} ${message}${
        fields ? ` ${JSON.stringify(fields)}` : ''
      }`;
      if (entryLevel === 'error' || entryLevel === 'warn') process.stderr.write(`${line}\n`);
      else process.stdout.write(`${line}\n`);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
