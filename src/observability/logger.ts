import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino censors wherever they appear in a log object. The upstream modules never log
 * secrets in the first place; this is the second line of defence.
 */
const REDACT_PATHS = [
  'authorization',
  'Authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.authorization',
  '*.headers.authorization',
  'apiToken',
  '*.apiToken',
  'token',
  '*.token',
  'jwt',
  '*.jwt',
  'password',
  '*.password',
];

export interface LoggerOptions {
  /** @default 'info' */
  level?: string;
  /** Where lines go (tests capture them). @default stdout */
  destination?: pino.DestinationStream;
}

/** The process logger: JSON lines, secrets redacted. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'spaces-subgraph' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
