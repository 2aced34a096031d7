import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import { getOperationAST, Kind } from 'graphql';
import { createAttempt } from './attempt.ts';
import { authLayer } from './auth-layer.ts';
import { breakerGateLayer, breakerLayer } from './breaker-layer.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { deadlineLayer } from './deadline-layer.ts';
import { governorLayer } from './governor-layer.ts';
import type { UpstreamObserver } from './hooks.ts';
import type { MinimalLogger } from './logger-types.ts';
import type { Exchange, Layer, UpstreamCall } from './outcome.ts';
import type { RateGovernor } from './rate-governor.ts';
import { createReauthGuard, type ReauthGuardOptions } from './reauth-guard.ts';
import { type RetriedOutcome, retryLayer } from './retry-layer.ts';
import { DEFAULT_RETRY_POLICY, type RetryBudget, type RetryPolicy } from './retry-policy.ts';
import { settleOutcome } from './to-client-error.ts';
import type { TokenProvider } from './token-provider.ts';
import { createHttpTransport, type UpstreamFetch } from './transport.ts';

export interface UpstreamStackOptions {
  /** The upstream GraphQL endpoint, e.g. https://platform.boomi.com/graphql. */
  graphqlUrl: string;
  tokenProvider: Pick<TokenProvider, 'obtain' | 'invalidate'>;
  logger: MinimalLogger;
  /** Time allowed for one HTTP attempt. @default 10000 */
  attemptTimeoutMs?: number;
  /** Time allowed for the whole call, retries and queueing included. @default 30000 */
  deadlineMs?: number;
  /** Keep-alive connections kept open to the upstream. @default 32 */
  keepAliveConnections?: number;
  /** Injected transport (tests); by default undici over a keep-alive Agent. */
  fetch?: UpstreamFetch;
  governor?: RateGovernor;
  breaker?: CircuitBreaker;
  retryPolicy?: Partial<RetryPolicy>;
  retryBudget?: RetryBudget;
  /** Re-mint limits after 401s. @default { maxRemints: 6, windowMs: 60000, probeIntervalMs: 5000 } */
  reauth?: Omit<ReauthGuardOptions, 'logger'>;
  /** Per-attempt and per-call hooks (metrics, tracing). @default none */
  observer?: UpstreamObserver;
  /** Largest upstream response body read (streamed; chunked bodies included). @default 16 MiB */
  maxResponseBytes?: number;
  /**
   * Executor → Executor wrappers applied around the stack, innermost first (e.g. in-flight de-duplication).
   * They see client-facing results and errors, after retries. @default []
   */
  wrap?: ReadonlyArray<(executor: Executor) => Executor>;
  random?: () => number;
}

/** The executor plus the resources it owns. */
export interface UpstreamStack {
  executor: Executor;
  /** Closes the keep-alive connections. */
  close(): Promise<void>;
}

/** Never aborted: the deadline layer replaces it with the call's own signal. */
const UNSET_SIGNAL = new AbortController().signal;

/**
 * The upstream call path, outermost first: deadline → retry (policy + budget) → breaker fail-fast →
 * governor slot → auth (JWT, 401 replay, re-mint limits) → breaker permit → one HTTP attempt. Each layer
 * is an `Exchange → Exchange` over typed outcomes; the outcome becomes a result or a catalog error in one
 * place (to-client-error.ts). Results carry already-normalized upstream errors (errors.ts).
 */
export function createUpstreamStack(options: UpstreamStackOptions): UpstreamStack {
  const transport = options.fetch
    ? undefined
    : createHttpTransport({ connections: options.keepAliveConnections ?? 32 });
  const { observer, breaker, governor } = options;
  const attempt = createAttempt({
    graphqlUrl: options.graphqlUrl,
    fetch: options.fetch ?? transport!.fetch,
    logger: options.logger,
    attemptTimeoutMs: options.attemptTimeoutMs ?? 10_000,
    maxResponseBytes: options.maxResponseBytes ?? 16 * 1024 * 1024,
    ...(observer ? { observer } : {}),
  });
  const layers: Layer[] = [
    deadlineLayer(options.deadlineMs ?? 30_000),
    retryLayer({
      policy: { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy },
      ...(options.retryBudget ? { budget: options.retryBudget } : {}),
      ...(observer ? { observer } : {}),
      ...(options.random ? { random: options.random } : {}),
    }),
    ...(breaker ? [breakerGateLayer(breaker, observer)] : []),
    ...(governor ? [governorLayer(governor, observer)] : []),
    authLayer({
      tokenProvider: options.tokenProvider,
      guard: createReauthGuard({ ...options.reauth, logger: options.logger }),
      ...(observer ? { observer } : {}),
    }),
    ...(breaker ? [breakerLayer(breaker, observer)] : []),
  ];
  const exchange = composeLayers(layers, attempt);
  const core: Executor = async (request: ExecutionRequest): Promise<ExecutionResult> => {
    const outcome: RetriedOutcome = await exchange(initialCall(request));
    const settled = settleOutcome(outcome, outcome.final);
    if ('result' in settled) return settled.result;
    throw settled.error;
  };
  const executor = (options.wrap ?? []).reduce<Executor>((inner, wrap) => wrap(inner), core);
  return {
    executor,
    async close() {
      await transport?.close();
    },
  };
}

/** `layers[0]` outermost, `inner` at the bottom. */
export function composeLayers(layers: readonly Layer[], inner: Exchange): Exchange {
  return layers.reduceRight<Exchange>((next, layer) => layer(next), inner);
}

function initialCall(request: ExecutionRequest): UpstreamCall {
  return {
    request,
    operation: describeOperation(request),
    operationType: request.operationType ?? getOperationAST(request.document)?.operation ?? 'query',
    signal: UNSET_SIGNAL,
    deadline: Number.POSITIVE_INFINITY,
    attempt: 0,
  };
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
