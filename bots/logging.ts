import winston from 'winston';
import type { Logger } from '../core/log';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** Names whose values are secrets: never written to a log, whatever their casing or nesting. */
const SECRET_KEY = /(private.?key|api.?key|secret|password|mnemonic|passphrase|token.?secret)/i;

const redact = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (SECRET_KEY.test(key)) info[key] = '[redacted]';
  }
  return info;
});

export interface LoggerOptions {
  /** Level printed on stderr. */
  level: LogLevel;
  /** Also write every record at `fileLevel` as JSON lines to this file. */
  file?: string;
  fileLevel?: LogLevel;
}

/** The process logger: human lines on stderr, JSON lines in the run's log file. */
export function createLogger(options: LoggerOptions): Logger & { close(): Promise<void> } {
  const transports: winston.transport[] = [
    new winston.transports.Console({
      level: options.level,
      stderrLevels: ['error', 'warn', 'info', 'debug'],
      format: winston.format.combine(redact(), winston.format.printf((i) => `${i.level}: ${String(i.message)}${meta(i)}`)),
    }),
  ];
  if (options.file) {
    transports.push(
      new winston.transports.File({ filename: options.file, level: options.fileLevel ?? 'info', format: winston.format.combine(redact(), winston.format.json()) }),
    );
  }
  const logger = winston.createLogger({ level: 'debug', transports });
  return Object.assign(logger as unknown as Logger, { close: () => closeLogger(logger) });
}

/**
 * Ends the logger once every record has reached its transports. winston's end() can race its own pipe and
 * fail with "write after end" under heavy logging (winstonjs/winston#2219), so drain the buffer first.
 */
async function closeLogger(logger: winston.Logger): Promise<void> {
  while (logger.readableLength > 0) await new Promise((resolve) => setImmediate(resolve));
  await new Promise<void>((done) => {
    logger.on('finish', () => done());
    logger.end();
  });
}

function meta(info: winston.Logform.TransformableInfo): string {
  const rest = Object.fromEntries(Object.entries(info).filter(([k]) => k !== 'level' && k !== 'message' && typeof k === 'string'));
  return Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}` : '';
}

/** A logger that drops everything: runs inside a sweep, where one log per run would be noise. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
