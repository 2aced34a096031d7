import type { Executor } from '@graphql-tools/utils';
import {
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { getOperationAST, Kind } from 'graphql';
import type { UpstreamObserver } from '../upstream/hooks.ts';

/** Attempt outcomes that mean the upstream answered as GraphQL. */
const ANSWERED = new Set(['ok', 'graphql_errors']);

type AttemptStart = NonNullable<UpstreamObserver['attemptStart']>;

/**
 * A `boomi.attempt` CLIENT span per HTTP attempt, child of the active span (the `boomi.request`), whose
 * context is injected into the attempt's headers (W3C traceparent/tracestate) so Boomi continues it.
 */
export function traceAttempts(tracer: Tracer, graphqlUrl: string): AttemptStart {
  const server = new URL(graphqlUrl);
  return ({ operation, attempt, retryReason, headers }) => {
    const span = tracer.startSpan('boomi.attempt', {
      kind: SpanKind.CLIENT,
      attributes: {
        'boomi.operation': operation,
        'boomi.attempt': attempt,
        ...(retryReason === undefined ? {} : { 'boomi.retry_reason': retryReason }),
        'http.request.method': 'POST',
        'server.address': server.hostname,
        'url.path': server.pathname,
      },
    });
    propagation.inject(trace.setSpan(context.active(), span), headers);
    return ({ outcome, status, cause }) => {
      span.setAttribute('boomi.outcome', outcome);
      if (status !== undefined) span.setAttribute('http.response.status_code', status);
      if (cause !== undefined) span.setAttribute('error.type', cause);
      if (!ANSWERED.has(outcome)) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      span.end();
    };
  };
}

/** Wraps an executor so each call is a span (`graphql.delegate` per delegation, `boomi.request` per upstream call). */
export function traceExecutor(
  executor: Executor,
  tracer: Tracer,
  name: string,
  kind = SpanKind.INTERNAL,
): Executor {
  return ((request) =>
    tracer.startActiveSpan(
      name,
      {
        kind,
        attributes: {
          'graphql.operation.type': request.operationType ?? 'query',
          'boomi.operation': rootFieldsOf(request.document),
        },
      },
      async (span) => {
        try {
          const result = await executor(request);
          const errors = (result as { errors?: unknown[] }).errors;
          if (Array.isArray(errors) && errors.length > 0)
            span.setAttribute('graphql.error_count', errors.length);
          return result;
        } catch (error) {
          failSpan(span, error);
          throw error;
        } finally {
          span.end();
        }
      },
    )) as Executor;
}

/** A `boomi.jwt.mint` span for a mint that just ended (onMint reports after the fact). */
export function traceMint(
  tracer: Tracer,
  event: { outcome: 'success' | 'failure'; durationMs: number; status?: number; circuitOpen?: boolean },
): void {
  const end = Date.now();
  const span = tracer.startSpan('boomi.jwt.mint', {
    kind: SpanKind.CLIENT,
    startTime: end - event.durationMs,
    attributes: {
      'boomi.outcome': event.outcome,
      ...(event.status === undefined ? {} : { 'http.response.status_code': event.status }),
      ...(event.circuitOpen ? { 'boomi.circuit_open': true } : {}),
    },
  });
  if (event.outcome === 'failure') span.setStatus({ code: SpanStatusCode.ERROR });
  span.end(end);
}

/** A `boomi.governor.wait` span for a queue wait that just ended (the governor layer reports after the fact). */
export function traceQueueWait(tracer: Tracer, event: { waitMs: number; granted: boolean }): void {
  const end = Date.now();
  const span = tracer.startSpan('boomi.governor.wait', {
    startTime: end - event.waitMs,
    attributes: { 'boomi.outcome': event.granted ? 'acquired' : 'rejected' },
  });
  if (!event.granted) span.setStatus({ code: SpanStatusCode.ERROR, message: 'rejected' });
  span.end(end);
}

function failSpan(span: Span, error: unknown): void {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  span.setStatus({ code: SpanStatusCode.ERROR, message: typeof code === 'string' ? code : 'error' });
  if (typeof code === 'string') span.setAttribute('error.type', code);
}

function rootFieldsOf(document: Parameters<typeof getOperationAST>[0]): string {
  const names: string[] = [];
  for (const selection of getOperationAST(document)?.selectionSet.selections ?? []) {
    if (selection.kind === Kind.FIELD) names.push(selection.name.value);
  }
  return names.slice(0, 10).join(',');
}
