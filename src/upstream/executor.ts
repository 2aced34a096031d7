import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import { type GraphQLError, getOperationAST, Kind, print } from 'graphql';
import { FormData as UndiciFormData } from 'undici';
import { spaceGuidOf } from '../subgraph/space-guid.ts';
import type { BreakerFailureKind, BreakerPermit, CircuitBreaker } from './circuit-breaker.ts';
import { normalizeUpstreamError, subgraphError } from './errors.ts';
import type { MinimalLogger } from './logger-types.ts';
import type { RateGovernor } from './rate-governor.ts';
import {
  type AttemptOutcome,
  decideRetry,
  parseRetryAfter,
  type RetryBudget,
  type RetryPolicy,
} from './retry-policy.ts';
import type { TokenProvider } from './token-provider.ts';
import { createHttpTransport, type UpstreamFetch, type UpstreamResponse } from './transport.ts';

/** Outcome label of one upstream attempt, as counted in metrics. */
export type AttemptLabel =
  | 'ok'
  | 'graphql_errors'
  | 'unauthorized'
  | 'rate_limited'
  | 'http_error'
  | 'bad_response'
  | 'timeout'
  | 'network_error'
  | 'breaker_open'
  | 'aborted';

/** Hooks the executor reports through; the metrics plugin implements them. */
export interface UpstreamObserver {
  /** `cause`: the system error code (ECONNREFUSED…) or error name of a transport failure; never a message. */
  attempt(event: {
    operation: string;
    outcome: AttemptLabel;
    status?: number;
    durationMs: number;
    cause?: string;
  }): void;
  /**
   * Called just before an HTTP attempt is sent (tracing): may add headers (trace context, request id) and
   * returns what to call with the attempt's outcome. `retryReason` says why attempt 2+ is a retry.
   */
  attemptStart?(event: {
    operation: string;
    attempt: number;
    retryReason?: string;
    headers: Record<string, string>;
  }): ((event: { outcome: AttemptLabel; status?: number; cause?: string }) => void) | undefined;
  retry?(event: { operation: string; reason: string }): void;
  request?(event: { operation: string; rootFields: number; attempts: number; context: unknown }): void;
}

export type { UpstreamFetch, UpstreamResponse } from './transport.ts';

export interface UpstreamExecutorOptions {
  /** The upstream GraphQL endpoint, e.g. https://platform.boomi.com/graphql. */
  graphqlUrl: string;
  tokenProvider: TokenProvider;
  logger: MinimalLogger;
  /** Time allowed for one HTTP attempt. @default 10000 */
  attemptTimeoutMs?: number;
  /** Time allowed for the whole call, retries and queueing included. @default 30000 */
  deadlineMs?: number;
  /** Keep-alive connections kept open to the upstream. @default 32 */
  keepAliveConnections?: number;
  /** Injected transport (tests); by default undici's fetch over a keep-alive Agent. */
  fetch?: UpstreamFetch;
  governor?: RateGovernor;
  breaker?: CircuitBreaker;
  retryPolicy?: Partial<RetryPolicy>;
  retryBudget?: RetryBudget;
  observer?: UpstreamObserver;
  /** Largest upstream response body read. @default 16 MiB */
  maxResponseBytes?: number;
  random?: () => number;
}

/** The executor plus the resources it owns. */
export interface UpstreamExecutor {
  executor: Executor;
  /** Closes the keep-alive connections. */
  close(): Promise<void>;
}

interface AttemptResult {
  outcome?: AttemptOutcome;
  result?: ExecutionResult;
  unauthorized?: boolean;
}

/**
 * Builds the executor that sends delegated requests to the Boomi GraphQL endpoint: it injects a
 * fresh JWT, the SPACE_GUID header and multipart uploads, applies the rate governor, the circuit
 * breaker and the retry policy, replays once after a 401, and returns results whose errors are
 * already normalized (see errors.ts). Transport failures are thrown as normalized GraphQLErrors.
 */
export function createUpstreamExecutor(options: UpstreamExecutorOptions): UpstreamExecutor {
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
  const deadlineMs = options.deadlineMs ?? 30_000;
  const maxResponseBytes = options.maxResponseBytes ?? 16 * 1024 * 1024;
  const random = options.random ?? Math.random;
  const { logger, tokenProvider, governor, breaker, observer } = options;

  const transport = options.fetch
    ? undefined
    : createHttpTransport({ connections: options.keepAliveConnections ?? 32 });
  const doFetch: UpstreamFetch = options.fetch ?? transport!.fetch;

  async function attempt(
    request: ExecutionRequest,
    operation: string,
    token: string,
    signal: AbortSignal,
    number: { attempt: number; retryReason: string | undefined },
  ): Promise<AttemptResult> {
    const started = performance.now();
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${token}`,
    };
    const guid = spaceGuidOf(request);
    if (guid !== undefined) headers.SPACE_GUID = guid;
    const finish = observer?.attemptStart?.({
      operation,
      attempt: number.attempt,
      ...(number.retryReason === undefined ? {} : { retryReason: number.retryReason }),
      headers,
    });
    const report = (outcome: AttemptLabel, status?: number, cause?: string) => {
      const detail = {
        ...(status === undefined ? {} : { status }),
        ...(cause === undefined ? {} : { cause }),
      };
      finish?.({ outcome, ...detail });
      observer?.attempt({ operation, outcome, durationMs: performance.now() - started, ...detail });
    };
    const body = encodeBody(request, headers);

    let response: UpstreamResponse;
    try {
      response = await doFetch(options.graphqlUrl, { method: 'POST', headers, body, signal });
    } catch (error) {
      if (signal.aborted) {
        report(isTimeoutReason(signal.reason) ? 'timeout' : 'aborted');
        if (isTimeoutReason(signal.reason)) return { outcome: { kind: 'timeout' } };
        throw signal.reason;
      }
      report('network_error', undefined, describe(error));
      return { outcome: { kind: 'network', sent: wasSent(error) } };
    }

    const status = response.status;
    let text: string;
    try {
      text = await readLimited(response, maxResponseBytes);
    } catch (error) {
      if (signal.aborted && !isTimeoutReason(signal.reason)) {
        report('aborted', status);
        throw signal.reason;
      }
      const timedOut = signal.aborted;
      report(timedOut ? 'timeout' : 'network_error', status, timedOut ? undefined : describe(error));
      if (timedOut) return { outcome: { kind: 'timeout' } };
      // A body cut short: the request was sent and the upstream started answering.
      logger.warn({ status, err: describe(error) }, 'upstream response body could not be read');
      return { outcome: { kind: 'network', sent: true } };
    }

    if (status === 401) {
      report('unauthorized', status);
      return { unauthorized: true };
    }
    if (status === 429) {
      report('rate_limited', status);
      return { outcome: { kind: 'http', status, retryAfter: response.headers.get('retry-after') } };
    }
    if (status === 502 || status === 503 || status === 504) {
      report('http_error', status);
      return { outcome: { kind: 'http', status, retryAfter: response.headers.get('retry-after') } };
    }

    const parsed = parseGraphQLResponse(text);
    if (parsed === undefined) {
      report(status >= 500 ? 'http_error' : 'bad_response', status);
      logger.warn(
        { status, contentType: response.headers.get('content-type'), bytes: text.length },
        'upstream answered with a body that is not a GraphQL response',
      );
      return { outcome: status >= 500 ? { kind: 'http', status } : { kind: 'bad-response' } };
    }
    if (status >= 500 && (parsed.errors?.length ?? 0) === 0) {
      report('http_error', status);
      return { outcome: { kind: 'http', status } };
    }
    report(parsed.errors?.length ? 'graphql_errors' : 'ok', status);
    return { result: normalizeResult(parsed, logger) };
  }

  async function execute(request: ExecutionRequest): Promise<ExecutionResult> {
    const operationType = request.operationType ?? getOperationAST(request.document)?.operation ?? 'query';
    const operation = describeOperation(request);
    const clientSignal = clientSignalOf(request);
    const deadline = Date.now() + deadlineMs;
    // One controller per call, aborted by the deadline or by the client going away (a listener is far
    // cheaper than AbortSignal.any on this hot path).
    const callController = new AbortController();
    const deadlineTimer = setTimeout(() => callController.abort(new DeadlineExceeded()), deadlineMs).unref();
    const onClientAbort = () => callController.abort(clientSignal?.reason);
    if (clientSignal?.aborted) onClientAbort();
    else clientSignal?.addEventListener('abort', onClientAbort, { once: true });
    const callSignal = callController.signal;
    options.retryBudget?.recordRequest();

    let attempts = 0;
    let retryReason: string | undefined;
    let replayedAfter401 = false;
    try {
      for (;;) {
        throwIfAborted(callSignal);
        // Fail fast before queueing; the permit itself is taken only once a request is about to be sent, so
        // a queue timeout, a mint failure or a client abort never counts as (or spends) a half-open probe.
        if (breaker?.state() === 'open') throw circuitOpen(breaker, operation, observer);
        let permit: BreakerPermit | undefined;
        const settle = (ok: boolean, kind: BreakerFailureKind = 'transport') => {
          ok ? permit?.success() : permit?.failure(kind);
          permit = undefined;
        };

        let slot: { release(): void } | undefined;
        let outcome: AttemptResult;
        try {
          slot = await governor?.acquire({ signal: callSignal, deadline });
          const token = await tokenProvider.getToken(callSignal);
          permit = breaker?.tryAcquire();
          if (breaker && permit === undefined) throw circuitOpen(breaker, operation, observer);
          attempts++;
          outcome = await withAttemptTimeout(callSignal, attemptTimeoutMs, (signal) =>
            attempt(request, operation, token, signal, { attempt: attempts, retryReason }),
          );
          if (outcome.unauthorized) {
            settle(true);
            tokenProvider.invalidate(token);
            if (replayedAfter401) {
              throw subgraphError('UNAUTHENTICATED', {
                message: 'The Boomi API rejected a freshly minted JWT.',
              });
            }
            replayedAfter401 = true;
            retryReason = 'unauthorized';
            continue;
          }
        } catch (error) {
          // Only an abort gets here once a permit is held: it says nothing about the endpoint, so the permit
          // is left unreported (a lost probe slot is reclaimed by the breaker after openMs).
          throw mapAbort(error, callSignal);
        } finally {
          slot?.release();
        }

        if (outcome.result) {
          settle(true);
          observer?.request?.({
            operation,
            rootFields: rootFieldCount(request),
            attempts,
            context: request.context,
          });
          return outcome.result;
        }
        const failure = outcome.outcome!;
        if (failure.kind === 'http' && failure.status === 429) settle(true);
        else
          settle(
            false,
            failure.kind === 'http' || failure.kind === 'bad-response' ? 'response' : 'transport',
          );
        if (failure.kind === 'http' && failure.status === 429) {
          governor?.onRateLimited(retryAfterMs(failure.retryAfter));
        }

        const decision = decideRetry({
          operation: operationType,
          outcome: failure,
          attempt: attempts,
          now: Date.now(),
          deadline,
          random,
          ...(options.retryPolicy ? { policy: options.retryPolicy } : {}),
          ...(options.retryBudget ? { budget: options.retryBudget } : {}),
        });
        if (decision.retry) {
          retryReason = outcomeReason(failure);
          observer?.retry?.({ operation, reason: retryReason });
          await sleep(decision.delayMs, undefined, { signal: callSignal }).catch((error: unknown) => {
            throw mapAbort(error, callSignal);
          });
          continue;
        }
        observer?.request?.({
          operation,
          rootFields: rootFieldCount(request),
          attempts,
          context: request.context,
        });
        throw finalError(failure, decision.outcomeUnknown, decision.reason);
      }
    } finally {
      clearTimeout(deadlineTimer);
      clientSignal?.removeEventListener('abort', onClientAbort);
    }
  }

  return {
    executor: execute as Executor,
    async close() {
      await transport?.close();
    },
  };
}

function circuitOpen(
  breaker: CircuitBreaker,
  operation: string,
  observer: UpstreamObserver | undefined,
): GraphQLError {
  observer?.attempt({ operation, outcome: 'breaker_open', durationMs: 0 });
  return subgraphError('UPSTREAM_UNAVAILABLE', {
    message: 'The Boomi API is unavailable (circuit open); try again shortly.',
    retryAfterSeconds: Math.max(1, Math.ceil(breaker.retryInMs() / 1000)),
  });
}

class DeadlineExceeded extends Error {
  override name = 'DeadlineExceeded';
}
class AttemptTimeout extends Error {
  override name = 'AttemptTimeout';
}

function isTimeoutReason(reason: unknown): boolean {
  return reason instanceof AttemptTimeout || reason instanceof DeadlineExceeded;
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw mapAbort(signal.reason, signal);
}

/** A deadline becomes UPSTREAM_TIMEOUT; a client abort is re-thrown as is (nobody reads the answer). */
function mapAbort(error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted && signal.reason instanceof DeadlineExceeded) {
    return subgraphError('UPSTREAM_TIMEOUT', {
      message: 'The Boomi API did not answer within the request deadline.',
    });
  }
  return error;
}

async function withAttemptTimeout<T>(
  parent: AbortSignal,
  timeoutMs: number,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onParentAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new AttemptTimeout()), timeoutMs);
  try {
    return await run(controller.signal);
  } finally {
    clearTimeout(timer);
    parent.removeEventListener('abort', onParentAbort);
  }
}

function finalError(outcome: AttemptOutcome, outcomeUnknown: boolean, reason: string): GraphQLError {
  if (outcomeUnknown) {
    return subgraphError('UPSTREAM_OUTCOME_UNKNOWN', {
      message:
        'The Boomi API failed while running this mutation; whether it was applied is unknown. ' +
        'Check the current state before trying again.',
    });
  }
  switch (outcome.kind) {
    case 'http':
      if (outcome.status === 429) {
        const after = retryAfterMs(outcome.retryAfter);
        return subgraphError('RATE_LIMITED', {
          message: 'The Boomi API is rate limiting requests; try again later.',
          ...(after === undefined ? {} : { retryAfterSeconds: Math.max(1, Math.ceil(after / 1000)) }),
        });
      }
      return subgraphError('UPSTREAM_UNAVAILABLE', {
        message: `The Boomi API is unavailable (HTTP ${outcome.status}${reason === 'budget' ? ', retry budget exhausted' : ''}).`,
      });
    case 'timeout':
      return subgraphError('UPSTREAM_TIMEOUT', { message: 'The Boomi API did not answer in time.' });
    case 'network':
      return subgraphError('UPSTREAM_UNAVAILABLE', { message: 'The Boomi API could not be reached.' });
    case 'bad-response':
      return subgraphError('UPSTREAM_BAD_RESPONSE', {
        message: 'The Boomi API answered with a response that is not valid GraphQL JSON.',
      });
  }
}

/** Retry-After in milliseconds (delta-seconds or HTTP-date), by the same rules as the retry policy. */
function retryAfterMs(value: string | null | undefined): number | undefined {
  return parseRetryAfter(value, Date.now());
}

function outcomeReason(outcome: AttemptOutcome): string {
  switch (outcome.kind) {
    case 'http':
      return `http_${outcome.status}`;
    case 'network':
      return outcome.sent ? 'reset' : 'refused';
    case 'timeout':
      return 'timeout';
    case 'bad-response':
      return 'bad_response';
  }
}

/** The client's abort signal: graphql-tools sets `request.signal`; Yoga's context carries the HTTP request. */
function clientSignalOf(request: ExecutionRequest): AbortSignal | undefined {
  if (request.signal) return request.signal;
  const contextRequest = (request.context as { request?: { signal?: unknown } } | undefined)?.request;
  const signal = contextRequest?.signal;
  return signal instanceof AbortSignal ? signal : undefined;
}

/** The metric label of a request: its upstream root field, or `batched` for merged requests. */
function describeOperation(request: ExecutionRequest): string {
  const operation = getOperationAST(request.document);
  const names = new Set<string>();
  for (const selection of operation?.selectionSet.selections ?? []) {
    if (selection.kind === Kind.FIELD) names.add(selection.name.value);
  }
  if (names.size === 1) return [...names][0]!;
  return names.size === 0 ? 'unknown' : 'batched';
}

function rootFieldCount(request: ExecutionRequest): number {
  const operation = getOperationAST(request.document);
  return operation?.selectionSet.selections.length ?? 0;
}

function wasSent(error: unknown): boolean {
  const code = errorCode(error);
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

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describe(error: unknown): string {
  return errorCode(error) ?? (error instanceof Error ? error.name : typeof error);
}

async function readLimited(response: UpstreamResponse, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    throw new Error(`upstream response of ${declared} bytes exceeds the ${limit} byte limit`);
  }
  const text = await response.text();
  if (text.length > limit) throw new Error('upstream response exceeds the size limit');
  return text;
}

function parseGraphQLResponse(text: string): ExecutionResult | undefined {
  if (text.length === 0) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { data, errors } = body as { data?: unknown; errors?: unknown };
  const hasData = data !== undefined && (data === null || (typeof data === 'object' && !Array.isArray(data)));
  const hasErrors = Array.isArray(errors);
  if (!hasData && !hasErrors) return undefined;
  return {
    data: (data ?? null) as ExecutionResult['data'],
    ...(hasErrors ? { errors: errors as never } : {}),
  };
}

function normalizeResult(result: ExecutionResult, logger: MinimalLogger): ExecutionResult {
  if (!result.errors?.length) return result;
  return {
    data: result.data ?? null,
    errors: result.errors.map((error) => normalizeUpstreamError(error as never, { logger })),
  };
}

/** Encodes the request as JSON, or as a GraphQL multipart request when its variables hold files. */
function encodeBody(request: ExecutionRequest, headers: Record<string, string>): string | UndiciFormData {
  const files: Array<{ path: string; file: Blob & { name?: string } }> = [];
  const variables = extractFiles(request.variables ?? {}, 'variables', files);
  const operations = JSON.stringify({
    query: print(request.document),
    variables,
    ...(request.operationName ? { operationName: request.operationName } : {}),
  });
  if (files.length === 0) {
    headers['content-type'] = 'application/json';
    return operations;
  }
  const form = new UndiciFormData();
  form.append('operations', operations);
  const map: Record<string, string[]> = {};
  files.forEach((entry, index) => {
    map[String(index)] = [entry.path];
  });
  form.append('map', JSON.stringify(map));
  files.forEach((entry, index) => {
    form.append(String(index), entry.file, entry.file.name ?? `upload-${index}`);
  });
  return form;
}

function isFile(value: unknown): value is Blob & { name?: string } {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

function extractFiles(
  value: unknown,
  path: string,
  files: Array<{ path: string; file: Blob & { name?: string } }>,
): unknown {
  if (isFile(value)) {
    files.push({ path, file: value });
    return null;
  }
  if (Array.isArray(value)) return value.map((item, i) => extractFiles(item, `${path}.${i}`, files));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = extractFiles(item, `${path}.${key}`, files);
    return out;
  }
  return value;
}
