import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Config } from './config.ts';
import type { Logger } from './observability/logger.ts';
import { createMetrics, type SubgraphMetrics } from './observability/metrics.ts';
import { useErrorNormalization } from './plugins/use-error-normalization.ts';
import { useOperationMetrics } from './plugins/use-operation-metrics.ts';
import { type ReadinessReport, useOperationalEndpoints } from './plugins/use-operational-endpoints.ts';
import { usePersistedQueries } from './plugins/use-persisted-queries.ts';
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
    ...(options.authFetch ? { fetch: options.authFetch } : {}),
  });

  const governor = createRateGovernor({
    maxConcurrent: config.upstream.maxConcurrency,
    queueLimit: config.upstream.queueLimit,
    maxWaitMs: config.upstream.queueMaxWaitMs,
    ...(config.upstream.requestsPerSecond ? { requestsPerSecond: config.upstream.requestsPerSecond } : {}),
  });

  // Upstream calls per client operation, for the subgraph_upstream_requests_per_operation metric.
  const upstreamCalls = new WeakMap<object, number>();
  const upstream = createUpstreamExecutor({
    graphqlUrl: config.boomi.graphqlUrl,
    tokenProvider,
    logger,
    attemptTimeoutMs: config.upstream.attemptTimeoutMs,
    deadlineMs: config.upstream.deadlineMs,
    keepAliveConnections: config.upstream.keepAliveConnections,
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
  const executor = createBatchingRouter(upstream.executor, {
    maxBatchSize: config.subgraph.entityMaxBatchSize,
  });

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
    contract: { tags: config.federation.tags, inaccessible: config.federation.inaccessible },
    authorizationDirectives: config.federation.authorizationDirectives,
  });

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
      useOperationalEndpoints({ registry: metrics.registry, readiness }),
      useUploadValidation({ maxBytes: config.uploads.maxLogoBytes }),
      // federation (#13): APQ as Apollo Router's subgraph APQ speaks it.
      ...(config.federation.apqMaxEntries > 0
        ? [usePersistedQueries({ maxEntries: config.federation.apqMaxEntries })]
        : []),
      useErrorNormalization({ logger }),
      useOperationMetrics({
        upstreamRequestsOf: (context) => upstreamCalls.get(context) ?? 0,
        record: (operationType, count) => metrics.clientRequest(operationType, count),
      }),
    ],
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
      tokenProvider.dispose();
      governor.dispose();
      await upstream.close();
      await yoga.dispose();
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
