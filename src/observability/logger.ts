import { trace } from '@opentelemetry/api';
import { type Logger, pino } from 'pino';
import { currentRequestScope } from './request-scope.ts';

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

/**
 * Fields of the request being served (see request-scope.ts), added to every line written on its behalf:
 * `requestId`, and `traceId`/`spanId` of the active span (or the inbound traceparent's trace id when
 * tracing is off).
 */
export function requestFields(): Record<string, string> {
  const scope = currentRequestScope();
  const span = trace.getActiveSpan()?.spanContext();
  const fields: Record<string, string> = {};
  if (scope) fields.requestId = scope.requestId;
  if (span && span.traceFlags !== undefined && trace.isSpanContextValid(span)) {
    fields.traceId = span.traceId;
    fields.spanId = span.spanId;
  } else if (scope?.inboundTraceId) {
    fields.traceId = scope.inboundTraceId;
  }
  return fields;
}

/** The process logger: JSON lines, secrets redacted, request fields mixed in. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'spaces-subgraph' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: requestFields,
    },
    options.destination,
  );
}
