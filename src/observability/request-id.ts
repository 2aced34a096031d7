import { randomUUID } from 'node:crypto';

/**
 * What we accept as a client request id: printable, no spaces or quotes, at most 128 characters. Anything
 * else (a log-injection attempt, a 10 kB header) is replaced by a generated id rather than echoed.
 */
const ACCEPTABLE = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The request id to use: the inbound `x-request-id` when acceptable, otherwise a fresh UUID. */
export function requestIdFrom(header: string | null): string {
  return header !== null && ACCEPTABLE.test(header) ? header : randomUUID();
}

/** W3C traceparent: version-traceid-parentid-flags, lower-case hex; the all-zero ids are invalid. */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** The trace id of a valid W3C `traceparent` header, else undefined. */
export function traceIdFrom(traceparent: string | null): string | undefined {
  const match = traceparent === null ? null : TRACEPARENT.exec(traceparent.trim());
  if (!match || /^0+$/.test(match[1]!) || /^0+$/.test(match[2]!)) return undefined;
  return match[1];
}
