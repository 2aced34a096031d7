import { GraphQLError, type GraphQLSchema } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { createResponseCache } from './cache/create-response-cache.ts';
import type { Config } from './config.ts';
import { corsPolicy } from './http/cors-policy.ts';
import type { DrainReport } from './http/drain.ts';
import { type HttpListener, listenHttp } from './http/listen.ts';
import { type MetricsServer, startMetricsServer } from './http/metrics-server.ts';
import type { Logger } from './observability/logger.ts';
import { createMetrics, type SubgraphMetrics } from './observability/metrics.ts';
import { useCsrfPrevention } from './plugins/use-csrf-prevention.ts';
import { useErrorNormalization } from './plugins/use-error-normalization.ts';
import { useInboundAuth } from './plugins/use-inbound-auth.ts';
import { useMetricsProtection } from './plugins/use-metrics-protection.ts';
import { useOperationMetrics } from './plugins/use-operation-metrics.ts';
import { useOperationSharing } from './plugins/use-operation-sharing.ts';
import { type ReadinessReport, useOperationalEndpoints } from './plugins/use-operational-endpoints.ts';
import { useSchemaExposure } from './plugins/use-schema-exposure.ts';
import { useUploadValidation } from './plugins/use-upload-validation.ts';
import { createDistributedGovernor } from './shared-state/distributed-governor.ts';
import { createLeaseStore } from './shared-state/lease-store.ts';
import { sharedStateCheck } from './shared-state/readiness.ts';
import { createSharedState } from './shared-state/shared-state.ts';
import { registerSharedStateMetrics } from './shared-state/shared-state-metrics.ts';
import { accountKey, createSharedTokenStore } from './shared-state/shared-token-store.ts';
import { buildSubgraphSchema } from './subgraph/build-subgraph.ts';
import type { SubgraphContext } from './subgraph/context.ts';
import { loadUpstreamSchema } from './subgraph/load-upstream-schema.ts';
import { createBatchingExecutor } from './upstream/batching.ts';
import { type CircuitBreaker, createCircuitBreaker } from './upstream/circuit-breaker.ts';
import { createDedupLayer } from './upstream/dedup-layer.ts';
import { dedupSharedCounter, operationSharedCounter } from './upstream/dedup-metrics.ts';
import { subgraphError } from './upstream/errors.ts';
import { registerGovernorMetrics } from './upstream/governor-metrics.ts';
import { createRateGovernor, type RateGovernor } from './upstream/rate-governor.ts';
import { createRetryBudget } from './upstream/retry-policy.ts';
import { createUpstreamStack } from './upstream/stack.ts';
import { createTokenProvider, type TokenProvider } from './upstream/token-provider.ts';
import type { UpstreamFetch } from './upstream/transport.ts';
import { validatingExecutor } from './upstream/validate-result.ts';

export interface SubgraphServerOptions {
  config: Config;
  logger: Logger;
  /** Transport to the upstream GraphQL endpoint (tests); default undici over keep-alive. */
  upstreamFetch?: UpstreamFetch;
  /** Transport to the JWT endpoint (tests); default global fetch. */
  authFetch?: typeof fetch;
  /** Register process-level metrics (CPU, memory). @default true */
  collectDefaultMetrics?: boolean;
}

/** A running (or ready to run) subgraph and the parts tests and main.ts need to reach. */
export interface SubgraphServer {
  yoga: YogaServerInstance<Record<string, unknown>, SubgraphContext>;
  schema: GraphQLSchema;
  metrics: SubgraphMetrics;
  tokenProvider: TokenProvider;
  breakers: { graphql: CircuitBreaker; auth: CircuitBreaker };
  governor: RateGovernor;
  /**
   * Starts listening; resolves with the URL of the GraphQL endpoint (and of `/metrics` when
   * `METRICS_PORT` moves it to a port of its own).
   */
  listen(port?: number, host?: string): Promise<{ url: string; port: number; metricsUrl?: string }>;
  /**
   * Drains the HTTP server (src/http/drain.ts: every request already sent gets its answer, with
   * `Connection: close`; no new connection), destroying what is left after `graceMs`; then closes every
   * upstream connection and timer. @default graceMs config.http.shutdownGraceMs
   */
  close(graceMs?: number): Promise<DrainReport | undefined>;
}

/** Composes the subgraph: upstream building blocks, schema, Yoga and its plugins. Wiring only. */
export async function createSubgraphServer(options: SubgraphServerOptions): Promise<SubgraphServer> {
  const { config, logger } = options;
  const metrics = createMetrics({ collectDefaults: options.collectDefaultMetrics ?? true });

  const breakerOptions = {
    consecutiveFailures: config.upstream.breakerConsecutiveFailures,
    failureRatio: config.upstream.breakerFailureRatio,
    openMs: config.upstream.breakerOpenMs,
  };
  const breakers = {
    graphql: createCircuitBreaker({
      name: 'graphql',
      ...breakerOptions,
      onStateChange: (state) => {
        metrics.setBreakerState('graphql', state);
        logger.warn({ endpoint: 'graphql', state }, 'upstream circuit breaker changed state');
      },
    }),
    auth: createCircuitBreaker({
      name: 'auth',
      ...breakerOptions,
      onStateChange: (state) => {
        metrics.setBreakerState('auth', state);
        logger.warn({ endpoint: 'auth', state }, 'auth circuit breaker changed state');
      },
    }),
  };

  // Replica coordination (#12): one Redis connection for the shared JWT and limits; absent without REDIS_URL.
  const sharedState = config.redisUrl
    ? createSharedState({
        url: config.redisUrl,
        commandTimeoutMs: config.sharedState.commandTimeoutMs,
        logger,
      })
    : undefined;
  if (sharedState) registerSharedStateMetrics(metrics.registry, sharedState);
  const account = accountKey(config.boomi);

  const tokenProvider = createTokenProvider({
    authUrl: config.boomi.authUrl,
    accountId: config.boomi.accountId,
    username: config.boomi.username,
    apiToken: config.boomi.apiToken,
    refreshMarginSeconds: config.jwt.refreshMarginSeconds,
    defaultLifetimeSeconds: config.jwt.defaultLifetimeSeconds,
    mintTimeoutMs: config.jwt.mintTimeoutMs,
    mintAttempts: config.jwt.mintAttempts,
    breaker: breakers.auth,
    logger,
    onMint: ({ outcome, durationMs }) => metrics.jwtMint(outcome, durationMs),
    ...(sharedState ? { sharedTokens: createSharedTokenStore(sharedState, account) } : {}),
    ...(options.authFetch ? { fetch: options.authFetch } : {}),
  });

  const governorOptions = {
    maxConcurrent: config.upstream.maxConcurrency,
    queueLimit: config.upstream.queueLimit,
    maxWaitMs: config.upstream.queueMaxWaitMs,
    maxPauseMs: config.upstream.maxPauseMs,
    shedding: config.upstream.shedding,
    // Every upstream call ends by its deadline: slots held twice that long with no activity have leaked.
    stallAfterMs: 2 * config.upstream.deadlineMs,
    ...(config.upstream.requestsPerSecond ? { requestsPerSecond: config.upstream.requestsPerSecond } : {}),
  };
  // With Redis the account budget is shared by replicas (leases); without, this replica's alone (#12).
  const governor = sharedState
    ? createDistributedGovernor({
        ...governorOptions,
        leases: createLeaseStore(sharedState, account),
        replicasExpected: config.sharedState.replicasExpected,
      })
    : createRateGovernor(governorOptions);

  registerGovernorMetrics(metrics.registry, governor);

  // Upstream calls per client operation, for the subgraph_upstream_requests_per_operation metric.
  const upstreamCalls = new WeakMap<object, number>();
  const upstream = createUpstreamStack({
    graphqlUrl: config.boomi.graphqlUrl,
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
    observer: {
      ...metrics.observer,
      request(event) {
        metrics.observer.request?.(event);
        const context = event.context;
        if (typeof context === 'object' && context !== null) {
          upstreamCalls.set(context, (upstreamCalls.get(context) ?? 0) + 1);
        }
      },
    },
    ...(options.upstreamFetch ? { fetch: options.upstreamFetch } : {}),
  });
  // perf (#11): identical queries in flight share one upstream call; batching merges above it.
  const deduplicated = createDedupLayer(upstream.executor, {
    enabled: config.perf.dedup,
    credentialOf: () => config.boomi.accountId,
    onShared: dedupSharedCounter(metrics.registry),
  });
  const executor = createBatchingExecutor(deduplicated, {
    maxBatchSize: config.subgraph.entityMaxBatchSize,
  });

  const upstreamSchema = await loadUpstreamSchema(
    config.upstreamSchema.source === 'snapshot'
      ? { source: 'snapshot', path: config.upstreamSchema.snapshotPath }
      : { source: 'introspect', executor: upstream.executor },
  );
  const schema = buildSubgraphSchema({
    upstreamSchema,
    executor: validatingExecutor(executor, upstreamSchema),
    spaceQueryField: config.boomi.spaceQueryField,
    typePrefix: config.subgraph.typePrefix,
    readOnly: config.subgraph.readOnly,
    entityMaxBatchSize: config.subgraph.entityMaxBatchSize,
    onEntityBatch: (size) => metrics.batchSize('entities', size),
  });

  // perf (#11): the response cache (off unless RESPONSE_CACHE=true).
  const responseCache = createResponseCache(config, metrics.registry, logger);

  const readiness = async (): Promise<ReadinessReport> => {
    const checks: ReadinessReport['checks'] = { schema: { ok: true } };
    try {
      await tokenProvider.getToken(AbortSignal.timeout(Math.min(config.jwt.mintTimeoutMs, 5000)));
      checks.jwt = { ok: true };
    } catch {
      checks.jwt = { ok: false, detail: 'no JWT could be obtained from the Boomi auth endpoint' };
    }
    const graphqlState = breakers.graphql.state();
    checks.upstreamCircuit = {
      ok: graphqlState !== 'open',
      detail: `graphql breaker ${graphqlState}, auth breaker ${breakers.auth.state()}`,
    };
    // A governor whose slots stay held with no upstream activity no longer dispatches (#8, mode 9).
    checks.upstreamSlots = governor.stalled()
      ? { ok: false, detail: `${governor.stats().inFlight} upstream slot(s) held with no upstream activity` }
      : { ok: true };
    // Redis down never makes a replica unready: it falls back to local JWTs and limits (#12).
    if (sharedState) checks.sharedState = sharedStateCheck(sharedState);
    // inbound security (#9): a sandbox must never pass for Boomi, whatever its other checks say.
    if (config.mode === 'sandbox') {
      checks.sandbox = {
        ok: true,
        detail: 'SANDBOX: serving data of the embedded Boomi simulator, not Boomi',
      };
    }
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  };

  const yoga = createYoga<Record<string, unknown>, SubgraphContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: config.graphiql ? { title: 'spaces-subgraph' } : false,
    maxRequestBodySize: config.uploads.maxRequestBytes,
    logging: false,
    // inbound security (#9): cross-origin reads only for CORS_ORIGINS (Yoga's default reflects any origin).
    cors: corsPolicy(config.security.corsOrigins),
    maskedErrors: {
      maskError(error, message) {
        // GraphQLErrors all the way down are deliberate client errors (ours are normalized later);
        // anything else is a bug whose details must not reach the client.
        if (isGraphQLErrorChain(error)) return error as Error;
        logger.error({ err: error }, 'unexpected error masked');
        return subgraphError('INTERNAL_SERVER_ERROR', { message });
      },
    },
    context: ({ request }) => ({
      logger: logger.child({ requestId: request.headers.get('x-request-id') ?? crypto.randomUUID() }),
    }),
    plugins: [
      // inbound security (#9): guards /metrics before it is served; refuses before the body is parsed.
      useMetricsProtection({
        token: config.security.metrics.token,
        servedElsewhere: config.security.metrics.port !== undefined,
      }),
      useOperationalEndpoints({ registry: metrics.registry, readiness }),
      useInboundAuth({ ...config.security.inboundAuth, logger }),
      useCsrfPrevention({ requestHeaders: config.security.csrfRequiredHeaders }),
      useSchemaExposure({ introspection: config.security.introspection }),
      useUploadValidation({ maxBytes: config.uploads.maxLogoBytes }),
      useErrorNormalization({ logger }),
      ...responseCache.plugins,
      // perf (#11): identical client queries in flight are executed once.
      useOperationSharing({
        accountId: config.boomi.accountId,
        enabled: config.perf.operationSharing,
        onShared: operationSharedCounter(metrics.registry),
      }),
      useOperationMetrics({
        upstreamRequestsOf: (context) => upstreamCalls.get(context) ?? 0,
        record: (operationType, count) => metrics.clientRequest(operationType, count),
      }),
    ],
  });

  let listener: HttpListener | undefined;
  let metricsServer: MetricsServer | undefined;

  return {
    yoga,
    schema,
    metrics,
    tokenProvider,
    breakers,
    governor,
    async listen(port = config.port, host = config.host) {
      listener = await listenHttp(yoga, { port, host, timeouts: config.http });
      const url = `${listener.origin}/graphql`;
      const metricsPort = config.security.metrics.port;
      if (metricsPort === undefined) return { url, port: listener.port };
      metricsServer = await startMetricsServer({
        registry: metrics.registry,
        port: metricsPort,
        host,
        token: config.security.metrics.token,
      });
      return { url, port: listener.port, metricsUrl: metricsServer.url };
    },
    async close(graceMs = config.http.shutdownGraceMs) {
      const report = await listener?.drain(graceMs);
      await metricsServer?.close();
      tokenProvider.dispose();
      governor.dispose();
      await upstream.close();
      await yoga.dispose();
      await responseCache.close();
      await sharedState?.close();
      return report;
    },
  };
}

function isGraphQLErrorChain(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 10; depth++) {
    if (!(current instanceof GraphQLError)) return false;
    if (current.originalError == null) return true;
    current = current.originalError;
  }
  return false;
}
