import { causeCode } from '../errors/cause-chain.ts';
import { abortOutcome, childSignal } from './abort-reasons.ts';
import { encodeBody } from './encode-body.ts';
import { type AttemptFinish, type AttemptLabel, notify, type UpstreamObserver } from './hooks.ts';
import type { MinimalLogger } from './logger-types.ts';
import type { Exchange, Outcome, UpstreamCall } from './outcome.ts';
import { normalizeResult, parseGraphQLResponse } from './parse-response.ts';
import { ResponseTooLarge, readLimited } from './read-body.ts';
import { SPACE_GUID_HEADER, spaceGuidOf } from './space-guid.ts';
import type { UpstreamFetch, UpstreamResponse } from './transport.ts';

export interface AttemptOptions {
  /** The upstream GraphQL endpoint. */
  graphqlUrl: string;
  fetch: UpstreamFetch;
  logger: MinimalLogger;
  /** Time allowed for one HTTP exchange, body included. */
  attemptTimeoutMs: number;
  /** Largest response body read; reading stops there, chunked or not. */
  maxResponseBytes: number;
  observer?: UpstreamObserver;
}

/**
 * The innermost step: one HTTP exchange with the upstream → one {@link Outcome}. It never rejects: a
 * transport failure, a timeout, a refused header or an unreadable body each become an outcome kind.
 */
export function createAttempt(options: AttemptOptions): Exchange {
  return async (call) => {
    const started = performance.now();
    let finish: AttemptFinish | undefined;
    const { outcome, cause } = await exchange(options, call, (headers) => {
      finish = startHook(options.observer, call, headers);
    });
    const status = 'status' in outcome ? outcome.status : undefined;
    const detail = { ...(status === undefined ? {} : { status }), ...(cause === undefined ? {} : { cause }) };
    const label = labelOf(outcome);
    notify(finish, { outcome: label, ...detail });
    notify(options.observer?.attempt, {
      operation: call.operation,
      attempt: call.attempt,
      outcome: label,
      durationMs: performance.now() - started,
      detail: outcome.kind,
      context: call.request.context,
      ...detail,
    });
    return outcome;
  };
}

/** The `attemptStart` hook, which may add headers; a hook that throws is ignored like any observer. */
function startHook(
  observer: UpstreamObserver | undefined,
  call: UpstreamCall,
  headers: Record<string, string>,
): AttemptFinish | undefined {
  if (!observer?.attemptStart) return undefined;
  try {
    return observer.attemptStart({
      operation: call.operation,
      attempt: call.attempt,
      headers,
      context: call.request.context,
      ...(call.retryReason === undefined ? {} : { retryReason: call.retryReason }),
    });
  } catch {
    return undefined;
  }
}

async function exchange(
  options: AttemptOptions,
  call: UpstreamCall,
  beforeSend: (headers: Record<string, string>) => void,
): Promise<{ outcome: Outcome; cause?: string }> {
  let init: Parameters<UpstreamFetch>[1];
  const attemptSignal = childSignal(call.signal, options.attemptTimeoutMs);
  try {
    try {
      init = buildInit(call, attemptSignal.signal);
    } catch (error) {
      return { outcome: { kind: 'local', detail: describe(error) }, cause: describe(error) };
    }
    beforeSend(init.headers as Record<string, string>);
    let response: UpstreamResponse;
    try {
      response = await options.fetch(options.graphqlUrl, init);
    } catch (error) {
      if (attemptSignal.signal.aborted) return { outcome: abortOutcome(attemptSignal.signal.reason) };
      if (isLocalError(error))
        return { outcome: { kind: 'local', detail: describe(error) }, cause: describe(error) };
      return { outcome: { kind: 'network', sent: wasSent(error) }, cause: describe(error) };
    }
    return { outcome: await readOutcome(options, response, attemptSignal.signal) };
  } finally {
    attemptSignal.dispose();
  }
}

/** Headers and body of the request; throws when a header value cannot be sent (our side's problem). */
function buildInit(call: UpstreamCall, signal: AbortSignal): Parameters<UpstreamFetch>[1] {
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: `Bearer ${call.token ?? ''}`,
  };
  const guid = spaceGuidOf(call.request);
  if (guid !== undefined) headers[SPACE_GUID_HEADER] = guid;
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_VALUE.test(value)) throw new InvalidHeaderValue(name);
  }
  const encoded = encodeBody(call.request);
  if (encoded.kind === 'json') headers['content-type'] = encoded.contentType;
  return { method: 'POST', headers, body: encoded.body, signal };
}

/** RFC 9110 field-value octets as HTTP clients accept them: no CR, LF, NUL or other controls, Latin-1. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

class InvalidHeaderValue extends Error {
  override name = 'InvalidHeaderValue';
  constructor(readonly header: string) {
    super(`header ${header} has a value the HTTP client cannot send`);
  }
}

async function readOutcome(
  options: AttemptOptions,
  response: UpstreamResponse,
  signal: AbortSignal,
): Promise<Outcome> {
  const status = response.status;
  let text: string;
  try {
    text = await readLimited(response, options.maxResponseBytes);
  } catch (error) {
    if (error instanceof ResponseTooLarge) {
      options.logger.warn(
        { status, limitBytes: options.maxResponseBytes },
        'upstream response exceeds the size limit; discarded',
      );
      return { kind: 'bad-response', status, reason: 'too-large' };
    }
    if (signal.aborted) return abortOutcome(signal.reason);
    // A body cut short: the request was sent and the upstream started answering.
    options.logger.warn({ status, err: describe(error) }, 'upstream response body could not be read');
    return { kind: 'network', sent: true };
  }
  if (status === 401) return { kind: 'unauthorized', status };
  if (status === 429 || status === 502 || status === 503 || status === 504) {
    return { kind: 'http', status, retryAfter: response.headers.get('retry-after') };
  }
  const parsed = parseGraphQLResponse(text);
  if (parsed === undefined) {
    options.logger.warn(
      { status, contentType: response.headers.get('content-type'), bytes: text.length },
      'upstream answered with a body that is not a GraphQL response',
    );
    return status >= 500 ? { kind: 'http', status } : { kind: 'bad-response', status, reason: 'unparsable' };
  }
  if (status >= 500 && (parsed.errors?.length ?? 0) === 0) return { kind: 'http', status };
  return { kind: 'result', status, result: normalizeResult(parsed, options.logger) };
}

function labelOf(outcome: Outcome): AttemptLabel {
  switch (outcome.kind) {
    case 'result':
      return outcome.result.errors?.length ? 'graphql_errors' : 'ok';
    case 'unauthorized':
      return 'unauthorized';
    case 'http':
      return outcome.status === 429 ? 'rate_limited' : 'http_error';
    case 'bad-response':
      return 'bad_response';
    case 'network':
      return 'network_error';
    case 'timeout':
    case 'deadline':
      return 'timeout';
    case 'local':
      return 'local_error';
    default:
      return 'aborted';
  }
}

/** Errors an HTTP client throws while *building* a request: invalid header names/values, bad arguments. */
function isLocalError(error: unknown): boolean {
  const code = causeCode(error);
  return code === 'UND_ERR_INVALID_ARG' || code === 'ERR_INVALID_CHAR' || code === 'ERR_INVALID_HTTP_TOKEN';
}

function wasSent(error: unknown): boolean {
  const code = causeCode(error);
  // Failures while connecting happen before any byte of the request left this process.
  return !(
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'EAI_AGAIN' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  );
}

/** A safe description of an error: its code or class name, never its message (it may quote headers). */
function describe(error: unknown): string {
  if (error instanceof InvalidHeaderValue) return `invalid ${error.header} header value`;
  return causeCode(error) ?? (error instanceof Error ? error.name : typeof error);
}
