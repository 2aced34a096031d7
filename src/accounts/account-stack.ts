import type { Executor } from '@graphql-tools/utils';
import type { Tracer } from '@opentelemetry/api';
import type { Config } from '../config.ts';
import type { Logger } from '../observability/logger.ts';
import type { AccountMetrics } from '../observability/metrics.ts';
import type { ReadinessMonitor } from '../observability/readiness-monitor.ts';
import type { UpstreamCallCount } from '../observability/upstream-call-count.ts';
import { createMintObserver, createUpstreamObservers } from '../observability/upstream-observers.ts';
import { traceExecutor } from '../observability/upstream-tracing.ts';
import { createDistributedGovernor } from '../shared-state/distributed-governor.ts';
import { createLeaseStore } from '../shared-state/lease-store.ts';
import type { SharedState } from '../shared-state/shared-state.ts';
import { accountKey, createSharedTokenStore } from '../shared-state/shared-token-store.ts';
import { type CircuitBreaker, createCircuitBreaker } from '../upstream/circuit-breaker.ts';
import { createCoalesceLayer } from '../upstream/coalesce-layer.ts';
import { createDedupLayer } from '../upstream/dedup-layer.ts';
import { createRateGovernor, type RateGovernor } from '../upstream/rate-governor.ts';
import { createRetryBudget } from '../upstream/retry-policy.ts';
import { createUpstreamStack, type UpstreamStack } from '../upstream/stack.ts';
import { createTokenProvider, type TokenProvider } from '../upstream/token-provider.ts';
import type { UpstreamFetch } from '../upstream/transport.ts';
import type { BoomiAccount } from './boomi-account.ts';

/** What one account's stack is built from; everything but `account` and `metrics` is shared. */
export interface AccountStackOptions {
  account: BoomiAccount;
  config: Config;
  /** `metrics.forAccount(account.name)`. */
  metrics: AccountMetrics;
  /** The readiness monitor for the probed account; a no-op for the others. */
  readiness: Pick<ReadinessMonitor, 'noteGraphQL' | 'noteMint'>;
  logger: Logger;
  /** Redis (REDIS_URL): this account's JWT and budget are shared by replicas under its own keys. */
  sharedState: SharedState | undefined;
  upstreamCalls: UpstreamCallCount;
  /** `boomi_upstream_dedup_shared_total` (registered once per server). */
  onDedupShared: (operation: string) => void;
  /** The coalescing layer's counter (registered once per server). */
  onCoalesced: (queries: number) => void;
  tracer?: Tracer | undefined;
  upstreamFetch?: UpstreamFetch | undefined;
  authFetch?: typeof fetch | undefined;
}

/** One Boomi account's own token provider, governor, breakers, upstream connections and de-duplication. */
export interface AccountStack {
  account: BoomiAccount;
  tokenProvider: TokenProvider;
  breakers: { graphql: CircuitBreaker; auth: CircuitBreaker };
  governor: RateGovernor;
  /** The raw upstream executor (readiness probe, schema introspection). */
  upstream: Executor;
  /** What client requests of this account go through: de-duplicated (and traced). */
  executor: Executor;
  /** Stops timers and closes the upstream connections. */
  close(): Promise<void>;
}

/** Builds one account's stack (wiring only; the policies live in src/upstream/). */
export function createAccountStack(options: AccountStackOptions): AccountStack {
  const { account, config, metrics, logger, tracer } = options;
  const breakers = createBreakers(config, metrics, logger);
  const key = accountKey(account);
  const tokenProvider = createTokenProvider({
    authUrl: account.authUrl,
    accountId: account.accountId,
    username: account.username,
    apiToken: account.apiToken,
    refreshMarginSeconds: config.jwt.refreshMarginSeconds,
    defaultLifetimeSeconds: config.jwt.defaultLifetimeSeconds,
    mintTimeoutMs: config.jwt.mintTimeoutMs,
    mintAttempts: config.jwt.mintAttempts,
    breaker: breakers.auth,
    logger,
    onMint: createMintObserver({
      metrics,
      readiness: options.readiness,
      logger,
      ...(tracer ? { tracer } : {}),
    }),
    ...(options.sharedState ? { sharedTokens: createSharedTokenStore(options.sharedState, key) } : {}),
    ...(options.authFetch ? { fetch: options.authFetch } : {}),
  });
  const governor = createAccountGovernor(account, config, options.sharedState, key);
  metrics.watchGovernor(governor);
  const upstream = createAccountUpstream(options, tokenProvider, governor, breakers);
  // perf (#11): under saturation of this account's slots, its queued queries leave merged (ADR 0061).
  const coalesced = createCoalesceLayer(
    tracer ? traceExecutor(upstream.executor, tracer, 'boomi.request') : upstream.executor,
    {
      enabled: config.perf.coalesce,
      capacity: () => governor.stats().effectiveConcurrency,
      maxBatchSize: config.subgraph.entityMaxBatchSize,
      maxWaitMs: config.upstream.queueMaxWaitMs,
      onMerged: options.onCoalesced,
    },
  );
  // Identical queries of this account in flight share one upstream call.
  const executor = createDedupLayer(coalesced, {
    enabled: config.perf.dedup,
    credentialOf: () => account.accountId,
    onShared: options.onDedupShared,
  });
  return {
    account,
    tokenProvider,
    breakers,
    governor,
    upstream: upstream.executor,
    executor,
    async close() {
      tokenProvider.dispose();
      governor.dispose();
      await upstream.close();
    },
  };
}

/** The account's upstream stack: its endpoint and connections behind its token, governor and breaker. */
function createAccountUpstream(
  options: AccountStackOptions,
  tokenProvider: TokenProvider,
  governor: RateGovernor,
  breakers: AccountStack['breakers'],
): UpstreamStack {
  const { account, config, metrics, logger, tracer } = options;
  return createUpstreamStack({
    graphqlUrl: account.graphqlUrl,
    tokenProvider,
    logger,
    attemptTimeoutMs: config.upstream.attemptTimeoutMs,
    deadlineMs: config.upstream.deadlineMs,
    keepAliveConnections: config.upstream.keepAliveConnections,
    maxResponseBytes: config.upstream.maxResponseBytes,
    reauth: { maxRemints: config.jwt.remintMaxPerMinute, probeIntervalMs: config.jwt.unauthorizedProbeMs },
    governor,
    breaker: breakers.graphql,
    retryPolicy: {
      maxAttempts: config.upstream.retryMaxAttempts,
      baseDelayMs: config.upstream.retryBaseDelayMs,
      maxDelayMs: config.upstream.retryMaxDelayMs,
    },
    retryBudget: createRetryBudget({
      ratio: config.upstream.retryBudgetRatio,
      minRetriesPerSecond: config.upstream.retryBudgetMinPerSecond,
    }),
    observer: createUpstreamObservers({
      metrics,
      readiness: options.readiness,
      logger,
      upstreamCalls: options.upstreamCalls,
      graphqlUrl: account.graphqlUrl,
      ...(tracer ? { tracer } : {}),
    }),
    ...(options.upstreamFetch ? { fetch: options.upstreamFetch } : {}),
  });
}

function createBreakers(config: Config, metrics: AccountMetrics, logger: Logger): AccountStack['breakers'] {
  const breakerOptions = {
    consecutiveFailures: config.upstream.breakerConsecutiveFailures,
    failureRatio: config.upstream.breakerFailureRatio,
    openMs: config.upstream.breakerOpenMs,
  };
  const breaker = (endpoint: 'graphql' | 'auth', what: string) =>
    createCircuitBreaker({
      name: endpoint,
      ...breakerOptions,
      onStateChange: (state) => {
        metrics.setBreakerState(endpoint, state);
        logger.warn({ endpoint, state }, `${what} circuit breaker changed state`);
      },
    });
  return { graphql: breaker('graphql', 'upstream'), auth: breaker('auth', 'auth') };
}

/** With Redis the account budget is shared by replicas (leases); without, this replica's alone (#12). */
function createAccountGovernor(
  account: BoomiAccount,
  config: Config,
  sharedState: SharedState | undefined,
  key: string,
): RateGovernor {
  const governorOptions = {
    maxConcurrent: account.maxConcurrency,
    queueLimit: config.upstream.queueLimit,
    maxWaitMs: config.upstream.queueMaxWaitMs,
    maxPauseMs: config.upstream.maxPauseMs,
    shedding: config.upstream.shedding,
    // Every upstream call ends by its deadline: slots held twice that long with no activity have leaked.
    stallAfterMs: 2 * config.upstream.deadlineMs,
    ...(account.requestsPerSecond ? { requestsPerSecond: account.requestsPerSecond } : {}),
  };
  return sharedState
    ? createDistributedGovernor({
        ...governorOptions,
        leases: createLeaseStore(sharedState, key),
        replicasExpected: config.sharedState.replicasExpected,
      })
    : createRateGovernor(governorOptions);
}
