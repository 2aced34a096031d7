import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { trace } from '@opentelemetry/api';
import { GraphQLError, type GraphQLSchema, parse } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Config } from './config.ts';
import type { Logger } from './observability/logger.ts';
import { createMetrics, type SubgraphMetrics } from './observability/metrics.ts';
import { createReadinessMonitor, type ReadinessMonitor } from './observability/readiness-monitor.ts';
import { TRACER_NAME } from './observability/tracing-env.ts';
import { createMintObserver, createUpstreamObservers } from './observability/upstream-observers.ts';
import { observeGovernor, traceExecutor } from './observability/upstream-tracing.ts';
import { useAccessLog } from './plugins/use-access-log.ts';
import { useErrorNormalization } from './plugins/use-error-normalization.ts';
import { useOperationMetrics } from './plugins/use-operation-metrics.ts';
import { useOperationalEndpoints } from './plugins/use-operational-endpoints.ts';
import { usePhaseMetrics } from './plugins/use-phase-metrics.ts';
import { useRequestScope } from './plugins/use-request-scope.ts';
import { useTracing } from './plugins/use-tracing.ts';
import { useUploadValidation } from './plugins/use-upload-validation.ts';
import { buildSubgraphSchema } from './subgraph/build-subgraph.ts';
import type { SubgraphContext } from './subgraph/context.ts';
import { loadUpstreamSchema } from './subgraph/load-upstream-schema.ts';
import { createBatchingRouter } from './upstream/batching.ts';
import { type CircuitBreaker, createCircuitBreaker } from './upstream/circuit-breaker.ts';
import { subgraphError } from './upstream/errors.ts';
import { createUpstreamExecutor, type UpstreamFetch } from './upstream/executor.ts';
import { createRateGovernor, type RateGovernor } from './upstream/rate-governor.ts';
import { createRetryBudget } from './upstream/retry-policy.ts';
import { createTokenProvider, type TokenProvider } from './upstream/token-provider.ts';

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
  /** The cached readiness verdict behind `/ready`, refreshed in the background once started (main.ts, or the first probe). */
  readiness: ReadinessMonitor;
  /** Starts listening; resolves with the URL of the GraphQL endpoint. */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  /**
   * Stops accepting connections, lets requests in flight finish for up to `graceMs`, then closes
   * every socket, upstream connection and timer.
   */
  close(graceMs?: number): Promise<void>;
}

/** Composes the subgraph: upstream building blocks, schema, Yoga and its plugins. Wiring only. */
export async function createSubgraphServer(options: SubgraphServerOptions): Promise<SubgraphServer> {
  const { config, logger } = options;
  const metrics = createMetrics({
    collectDefaults: options.collectDefaultMetrics ?? true,
    maxOperationNames: config.observability.maxOperationNames,
  });
  const tracer = config.observability.tracing ? trace.getTracer(TRACER_NAME) : undefined;
  // Created first (the token provider and executor report to it); checks start with readiness.start()
  // (main.ts at start-up, or the first /ready probe).
  const readiness: ReadinessMonitor = createReadinessMonitor({
    mode: config.mode,
    hasValidToken: () => tokenProvider.status().hasValidToken,
    ensureToken: (signal) => tokenProvider.getToken(signal),
    probeGraphQL: (signal) => Promise.resolve(upstream.executor({ document: PROBE, signal })),
    intervalMs: config.observability.readiness.intervalMs,
    maxBackoffMs: config.observability.readiness.maxBackoffMs,
    failureThreshold: config.observability.readiness.failureThreshold,
    successThreshold: config.observability.readiness.successThreshold,
    checkTimeoutMs: Math.min(config.jwt.mintTimeoutMs, 5000),
    onChange(snapshot, previous) {
      metrics.setReadiness(snapshot.state, snapshot.ready);
      const detail = { state: snapshot.state, previous, checks: snapshot.checks };
      if (snapshot.ready) logger.info(detail, 'readiness changed');
      else logger.warn(detail, 'readiness changed');
    },
  });

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
    onMint: createMintObserver({ metrics, readiness, logger, ...(tracer ? { tracer } : {}) }),
    ...(options.authFetch ? { fetch: options.authFetch } : {}),
  });

  const governor: RateGovernor = createRateGovernor({
    maxConcurrent: config.upstream.maxConcurrency,
    queueLimit: config.upstream.queueLimit,
    maxWaitMs: config.upstream.queueMaxWaitMs,
    ...(config.upstream.requestsPerSecond ? { requestsPerSecond: config.upstream.requestsPerSecond } : {}),
  });

  metrics.watchGovernor(governor);
  const observedGovernor = observeGovernor(governor, {
    ...(tracer ? { tracer } : {}),
    onWait: (outcome, waitMs) => metrics.queueWait(outcome, waitMs),
  });

  // Upstream calls per client operation, for the subgraph_upstream_requests_per_operation metric.
  const upstreamCalls = new WeakMap<object, number>();
  const observer = createUpstreamObservers({
    metrics,
    readiness,
    logger,
    upstreamCalls,
    graphqlUrl: config.boomi.graphqlUrl,
    ...(tracer ? { tracer } : {}),
  });

  const upstream = createUpstreamExecutor({
    graphqlUrl: config.boomi.graphqlUrl,
    tokenProvider,
    logger,
    attemptTimeoutMs: config.upstream.attemptTimeoutMs,
    deadlineMs: config.upstream.deadlineMs,
    keepAliveConnections: config.upstream.keepAliveConnections,
    governor: observedGovernor,
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
    observer,
    ...(options.upstreamFetch ? { fetch: options.upstreamFetch } : {}),
  });
  const routed = createBatchingRouter(
    tracer ? traceExecutor(upstream.executor, tracer, 'boomi.request') : upstream.executor,
    {
      maxBatchSize: config.subgraph.entityMaxBatchSize,
    },
  );
  const executor = tracer ? traceExecutor(routed, tracer, 'graphql.delegate') : routed;

  const upstreamSchema = await loadUpstreamSchema(
    config.upstreamSchema.source === 'snapshot'
      ? { source: 'snapshot', path: config.upstreamSchema.snapshotPath }
      : { source: 'introspect', executor: upstream.executor },
  );
  const schema = buildSubgraphSchema({
    upstreamSchema,
    executor,
    spaceQueryField: config.boomi.spaceQueryField,
    typePrefix: config.subgraph.typePrefix,
    readOnly: config.subgraph.readOnly,
    entityMaxBatchSize: config.subgraph.entityMaxBatchSize,
    onEntityBatch: (size) => metrics.batchSize('entities', size),
  });

  const yoga = createYoga<Record<string, unknown>, SubgraphContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: config.graphiql ? { title: 'spaces-subgraph' } : false,
    maxRequestBodySize: config.uploads.maxRequestBytes,
    logging: false,
    maskedErrors: {
      maskError(error, message) {
        // GraphQLErrors all the way down are deliberate client errors (ours are normalized later);
        // anything else is a bug whose details must not reach the client.
        if (isGraphQLErrorChain(error)) return error as Error;
        logger.error({ err: error }, 'unexpected error masked');
        return subgraphError('INTERNAL_SERVER_ERROR', { message });
      },
    },
    // The logger mixes in the request id and trace id of the request being served (request-scope.ts).
    context: () => ({ logger }),
    plugins: [
      useRequestScope(),
      ...(tracer ? [useTracing({ tracer })] : []),
      useOperationalEndpoints({
        registry: metrics.registry,
        readiness: () => (readiness.started() ? readiness.snapshot() : readiness.start()),
      }),
      usePhaseMetrics({ registry: metrics.registry }),
      useUploadValidation({ maxBytes: config.uploads.maxLogoBytes }),
      useErrorNormalization({ logger }),
      useOperationMetrics({
        metrics,
        upstreamRequestsOf: (context) => upstreamCalls.get(context) ?? 0,
      }),
      useAccessLog({ logger, sampleRate: config.observability.accessLogSampleRate }),
    ] as Plugin[],
  });

  let httpServer: Server | undefined;
  const sockets = new Set<Socket>();

  return {
    yoga,
    schema,
    metrics,
    tokenProvider,
    breakers,
    governor,
    readiness,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        const server = createServer({ keepAliveTimeout: 65_000 }, yoga);
        httpServer = server;
        server.on('connection', (socket) => {
          sockets.add(socket);
          socket.once('close', () => sockets.delete(socket));
        });
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
          resolve({ url: `http://${shownHost}:${address.port}/graphql`, port: address.port });
        });
      });
    },
    async close(graceMs = 10_000) {
      if (httpServer) {
        const server = httpServer;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // A keep-alive connection whose request finishes during the drain turns idle and would
        // otherwise stay open until the grace period ends: close idle connections as they appear.
        const sweeper = setInterval(() => server.closeIdleConnections(), 50);
        const timer = setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, graceMs);
        await closed;
        clearInterval(sweeper);
        clearTimeout(timer);
      }
      readiness.dispose();
      tokenProvider.dispose();
      governor.dispose();
      await upstream.close();
      await yoga.dispose();
    },
  };
}

/** The readiness probe: the lightest request any GraphQL endpoint answers. */
const PROBE = parse('{ __typename }');

function isGraphQLErrorChain(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 10; depth++) {
    if (!(current instanceof GraphQLError)) return false;
    if (current.originalError == null) return true;
    current = current.originalError;
  }
  return false;
}
