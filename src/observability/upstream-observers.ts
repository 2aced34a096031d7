import type { Tracer } from '@opentelemetry/api';
import type { UpstreamObserver } from '../upstream/hooks.ts';
import type { MinimalLogger } from '../upstream/logger-types.ts';
import type { TokenProviderOptions } from '../upstream/token-provider.ts';
import type { AccountMetrics } from './metrics.ts';
import { mintFailureKind } from './mint-failure-kind.ts';
import type { ReadinessMonitor } from './readiness-monitor.ts';
import { currentRequestScope } from './request-scope.ts';
import type { UpstreamCallCount } from './upstream-call-count.ts';
import { traceAttempts, traceMint, traceQueueWait } from './upstream-tracing.ts';

export interface UpstreamObserversOptions {
  /** The account's view of the metrics (metrics.forAccount). */
  metrics: AccountMetrics;
  readiness: Pick<ReadinessMonitor, 'noteGraphQL' | 'noteMint'>;
  logger: MinimalLogger;
  /** Upstream calls per client context (subgraph_upstream_requests_per_operation). */
  upstreamCalls: Pick<UpstreamCallCount, 'record'>;
  graphqlUrl: string;
  /** Tracing on: attempt spans, injected traceparent. @default none */
  tracer?: Tracer;
}

/** Outcomes that say the GraphQL endpoint is not usable (an HTTP 401 or 429 proves it reachable). */
const UNREACHABLE = new Set(['network_error', 'timeout', 'http_error', 'bad_response']);

/**
 * What the executor reports to, per attempt and per call: metrics, readiness evidence, the failure log
 * line with its cause, request id and trace context headers for Boomi, and attempt spans.
 */
export function createUpstreamObservers(options: UpstreamObserversOptions): UpstreamObserver {
  const { metrics, readiness, logger, upstreamCalls } = options;
  const attemptSpans = options.tracer ? traceAttempts(options.tracer, options.graphqlUrl) : undefined;
  return {
    ...metrics.observer,
    attempt(event) {
      metrics.observer.attempt(event);
      if (event.outcome === 'breaker_open' || event.outcome === 'aborted') return;
      const reachable = !UNREACHABLE.has(event.outcome);
      const detail = [event.outcome, event.status && `HTTP ${event.status}`, event.cause].filter(Boolean);
      readiness.noteGraphQL(reachable, `last upstream attempt: ${detail.join(' ')}`);
      if (reachable) return;
      logger.warn(
        { operation: event.operation, outcome: event.outcome, status: event.status, cause: event.cause },
        'upstream attempt failed',
      );
    },
    attemptStart(event) {
      // Sent upstream so Boomi's logs can be matched with ours; tracing, when on, replaces the trace headers.
      const scope = currentRequestScope();
      if (scope) {
        event.headers['x-request-id'] = scope.requestId;
        Object.assign(event.headers, scope.inboundTraceHeaders);
      }
      return attemptSpans?.(event);
    },
    queueWait(event) {
      metrics.queueWait(event.granted ? 'acquired' : 'rejected', event.waitMs);
      if (options.tracer) traceQueueWait(options.tracer, event);
    },
    request(event) {
      metrics.observer.request?.(event);
      const scope = currentRequestScope();
      if (scope) scope.upstreamRequests++;
      upstreamCalls.record(event.context);
    },
  };
}

/** The token provider's onMint: metrics, mint span, readiness evidence, and a warning with the reason. */
export function createMintObserver(
  options: Omit<UpstreamObserversOptions, 'upstreamCalls' | 'graphqlUrl'>,
): NonNullable<TokenProviderOptions['onMint']> {
  const { metrics, readiness, logger, tracer } = options;
  return (event) => {
    // A breaker refusal sent no request: it is a failure reason, not a mint call.
    if (!event.circuitOpen) metrics.jwtMint(event.outcome, event.durationMs);
    if (tracer) traceMint(tracer, event);
    readiness.noteMint(event);
    if (event.outcome === 'success') return;
    metrics.jwtMintFailure(mintFailureKind(event));
    logger.warn({ reason: event.reason, status: event.status }, 'JWT mint failed');
  };
}
