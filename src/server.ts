import { trace } from '@opentelemetry/api';
import { type GraphQLSchema, parse } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { type AccountRegistry, createAccountRegistry } from './accounts/account-registry.ts';
import { createAccountStack } from './accounts/account-stack.ts';
import { accountsOf } from './accounts/accounts-of.ts';
import { primaryAccount } from './accounts/accounts-setting.ts';
import { createResponseCache } from './cache/create-response-cache.ts';
import type { Config } from './config.ts';
import { defaultTabs, type GraphiQLExamples } from './graphiql/default-tabs.ts';
import { createOfflineGraphiQLRenderer } from './graphiql/render-offline.ts';
import { corsPolicy } from './http/cors-policy.ts';
import type { DrainReport } from './http/drain.ts';
import { type HttpListener, listenHttp } from './http/listen.ts';
import { type MetricsServer, startMetricsServer } from './http/metrics-server.ts';
import type { Logger } from './observability/logger.ts';
import { createMetrics, type SubgraphMetrics } from './observability/metrics.ts';
import { withLocalChecks } from './observability/readiness-local-checks.ts';
import { createReadinessMonitor, type ReadinessMonitor } from './observability/readiness-monitor.ts';
import { TRACER_NAME } from './observability/tracing-env.ts';
import { createUpstreamCallCount } from './observability/upstream-call-count.ts';
import { traceExecutor } from './observability/upstream-tracing.ts';
import { boundedParserCache } from './plugins/parser-cache.ts';
import { useAccessLog } from './plugins/use-access-log.ts';
import { useAccountRouting } from './plugins/use-account-routing.ts';
import { useCsrfPrevention } from './plugins/use-csrf-prevention.ts';
import { useErrorNormalization } from './plugins/use-error-normalization.ts';
import { useInboundAuth } from './plugins/use-inbound-auth.ts';
import { useMetricsProtection } from './plugins/use-metrics-protection.ts';
import { useOperationLimits } from './plugins/use-operation-limits.ts';
import { useOperationMetrics } from './plugins/use-operation-metrics.ts';
import { useOperationSharing } from './plugins/use-operation-sharing.ts';
import { useOperationalEndpoints } from './plugins/use-operational-endpoints.ts';
import { useParallelValidation } from './plugins/use-parallel-validation.ts';
import { usePassThrough } from './plugins/use-pass-through.ts';
import { usePersistedQueries } from './plugins/use-persisted-queries.ts';
import { usePhaseMetrics } from './plugins/use-phase-metrics.ts';
import { useRequestBodyLimit } from './plugins/use-request-body-limit.ts';
import { useRequestErrors } from './plugins/use-request-errors.ts';
import { useRequestScope } from './plugins/use-request-scope.ts';
import { useResponseCodes } from './plugins/use-response-codes.ts';
import { useSchemaExposure } from './plugins/use-schema-exposure.ts';
import { useStackOverflowGuard } from './plugins/use-stack-overflow-guard.ts';
import { useStrictMultipart } from './plugins/use-strict-multipart.ts';
import { useTracing } from './plugins/use-tracing.ts';
import { useUploadValidation } from './plugins/use-upload-validation.ts';
import { useUpstreamCostBudget } from './plugins/use-upstream-cost-budget.ts';
import { sharedStateCheck } from './shared-state/readiness.ts';
import { createSharedState } from './shared-state/shared-state.ts';
import { registerSharedStateMetrics } from './shared-state/shared-state-metrics.ts';
import { buildSpacesSchema } from './subgraph/build-spaces-schema.ts';
import { COMPUTED_FIELDS } from './subgraph/computed-fields.ts';
import type { SubgraphContext } from './subgraph/context.ts';
import { loadUpstreamSchema } from './subgraph/load-upstream-schema.ts';
import { passThroughRules } from './subgraph/pass-through-eligibility.ts';
import { createEntityPrefetch } from './subgraph/prefetched-entities.ts';
import { typeNamer, upstreamTypeName } from './subgraph/type-names.ts';
import { createBatchingExecutor } from './upstream/batching.ts';
import type { CircuitBreaker } from './upstream/circuit-breaker.ts';
import { coalescedCounter, dedupSharedCounter, operationSharedCounter } from './upstream/dedup-metrics.ts';
import type { RateGovernor } from './upstream/rate-governor.ts';
import type { TokenProvider } from './upstream/token-provider.ts';
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
  /** Ids GraphiQL's example tabs use (main.ts passes the simulator's in sandbox mode). @default placeholders */
  graphiqlExamples?: GraphiQLExamples;
}

/** A running (or ready to run) subgraph and the parts tests and main.ts need to reach. */
export interface SubgraphServer {
  yoga: YogaServerInstance<Record<string, unknown>, SubgraphContext>;
  schema: GraphQLSchema;
  metrics: SubgraphMetrics;
  /** The primary account's (the default, else the first listed; the only one in single-account mode). */
  tokenProvider: TokenProvider;
  /** The primary account's. */
  breakers: { graphql: CircuitBreaker; auth: CircuitBreaker };
  /** The primary account's. */
  governor: RateGovernor;
  /** Every account's stack by name (BOOMI_ACCOUNTS; one named `default` in single-account mode). */
  accounts: AccountRegistry;
  /** The cached readiness verdict behind `/ready`, refreshed in the background once started (main.ts, or the first probe). */
  readiness: ReadinessMonitor;
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
  const metrics = createMetrics({
    collectDefaults: options.collectDefaultMetrics ?? true,
    maxOperationNames: config.observability.maxOperationNames,
  });
  const tracer = config.observability.tracing ? trace.getTracer(TRACER_NAME) : undefined;
  // Many accounts (#12): one stack each, below; readiness probes the primary (default, else first) account.
  const accounts = accountsOf(config);
  const probed = primaryAccount(accounts).name;
  // Created first (the token provider and executor report to it); checks start with readiness.start()
  // (main.ts at start-up, or the first /ready probe).
  const readiness: ReadinessMonitor = createReadinessMonitor({
    mode: config.mode,
    // The primary account (the default, else the first): the one requests get without naming one.
    hasValidToken: () => primary.tokenProvider.status().hasValidToken,
    ensureToken: (signal) => primary.tokenProvider.getToken(signal),
    probeGraphQL: (signal) => Promise.resolve(primary.upstream({ document: PROBE, signal })),
    intervalMs: config.observability.readiness.intervalMs,
    maxBackoffMs: config.observability.readiness.maxBackoffMs,
    failureThreshold: config.observability.readiness.failureThreshold,
    successThreshold: config.observability.readiness.successThreshold,
    checkTimeoutMs: Math.min(config.jwt.mintTimeoutMs, 5000),
    ...(config.accounts
      ? { credentialsHint: `accountId, username and apiToken of account ${probed} in BOOMI_ACCOUNTS` }
      : {}),
    onChange(snapshot, previous) {
      metrics.setReadiness(snapshot.state, snapshot.ready);
      const detail = { state: snapshot.state, previous, checks: snapshot.checks };
      if (snapshot.ready) logger.info(detail, 'readiness changed');
      else logger.warn(detail, 'readiness changed');
    },
  });

  // Replica coordination (#12): one Redis connection for the shared JWT and limits; absent without REDIS_URL.
  const sharedState = config.redisUrl
    ? createSharedState({
        url: config.redisUrl,
        commandTimeoutMs: config.sharedState.commandTimeoutMs,
        logger,
      })
    : undefined;
  if (sharedState) registerSharedStateMetrics(metrics.registry, sharedState);

  // Many accounts (#12): each its own token provider, governor, breakers and dedup; one in single-account mode.
  const upstreamCalls = createUpstreamCallCount();
  const onDedupShared = dedupSharedCounter(metrics.registry);
  const onCoalesced = coalescedCounter(metrics.registry);
  const registry = createAccountRegistry(accounts, (account) =>
    createAccountStack({
      account,
      config,
      metrics: metrics.forAccount(account.name),
      readiness: account.name === probed ? readiness : NOT_PROBED,
      logger: config.accounts ? logger.child({ boomiAccount: account.name }) : logger,
      sharedState,
      upstreamCalls,
      onDedupShared,
      onCoalesced,
      tracer,
      upstreamFetch: options.upstreamFetch,
      authFetch: options.authFetch,
    }),
  );
  const { primary } = registry;
  // Batches per client request (batching.ts), so never across accounts: the routing executor is below it.
  const batched = createBatchingExecutor(registry.executor, {
    maxBatchSize: config.subgraph.entityMaxBatchSize,
  });
  const executor = tracer ? traceExecutor(batched, tracer, 'graphql.delegate') : batched;

  const upstreamSchema = await loadUpstreamSchema(
    config.upstreamSchema.source === 'snapshot'
      ? { source: 'snapshot', path: config.upstreamSchema.snapshotPath }
      : { source: 'introspect', executor: primary.upstream },
  );
  // perf (#11): Space batches the pass-through fast path fetched and handed to the normal path.
  const entityPrefetch = createEntityPrefetch();
  // perf (#11): the response cache (off unless RESPONSE_CACHE=true), with per-entity entries for Space batches.
  const responseCache = createResponseCache(config, metrics.registry, logger, upstreamSchema);
  const onEntityBatch = (size: number) => metrics.batchSize('entities', size);
  const schema = buildSpacesSchema({
    upstreamSchema,
    executor: validatingExecutor(executor, upstreamSchema),
    entityPrefetch,
    ...(responseCache.entities ? { entityCache: responseCache.entities } : {}),
    spaceQueryField: config.boomi.spaceQueryField,
    typePrefix: config.subgraph.typePrefix,
    readOnly: config.subgraph.readOnly,
    entityMaxBatchSize: config.subgraph.entityMaxBatchSize,
    onEntityBatch,
    contract: { tags: config.federation.tags, inaccessible: config.federation.inaccessible },
    authorizationDirectives: config.federation.authorizationDirectives,
    // One cost model: the published @listSize sizes lists as the upstream cost budget does.
    assumedListSize: config.limits.assumedListSize,
  });

  const yoga = createYoga<Record<string, unknown>, SubgraphContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: config.graphiql
      ? {
          title: 'spaces-subgraph',
          defaultTabs: defaultTabs({
            examples: options.graphiqlExamples ?? {},
            typePrefix: config.subgraph.typePrefix,
            readOnly: config.subgraph.readOnly,
          }),
        }
      : false,
    renderGraphiQL: createOfflineGraphiQLRenderer(),
    // MAX_REQUEST_BYTES is enforced by useRequestBodyLimit (without a counting stream per request).
    maxRequestBodySize: false,
    parserAndValidationCache: boundedParserCache({ maxBytes: config.limits.parserCacheMaxBytes }),
    logging: false,
    // inbound security (#9): cross-origin reads only for CORS_ORIGINS (Yoga's default reflects any origin).
    cors: corsPolicy(config.security.corsOrigins),
    // useErrorNormalization is the one place that decides what a client sees of an error.
    maskedErrors: false,
    // The logger mixes in the request id and trace id of the request being served (request-scope.ts).
    context: () => ({ logger }),
    plugins: [
      useRequestScope(),
      ...(tracer ? [useTracing({ tracer })] : []),
      // inbound security (#9): guards /metrics before it is served; refuses before the body is parsed.
      useMetricsProtection({
        token: config.security.metrics.token,
        servedElsewhere: config.security.metrics.port !== undefined,
      }),
      useOperationalEndpoints({
        registry: metrics.registry,
        readiness: () =>
          withLocalChecks(readiness.started() ? readiness.snapshot() : readiness.start(), {
            governors: registry
              .all()
              .map((stack) => ({ account: stack.account.name, governor: stack.governor })),
            ...(config.accounts ? { accounts: { names: accounts.list.map((a) => a.name), probed } } : {}),
            sandbox: config.mode === 'sandbox',
            ...(sharedState ? { sharedState: () => sharedStateCheck(sharedState) } : {}),
          }),
      }),
      usePhaseMetrics({ registry: metrics.registry }),
      useInboundAuth({ ...config.security.inboundAuth, logger }),
      // Many accounts (#12): after inbound auth, whose verified identity chooses the account (403 before any call).
      useAccountRouting({ accounts, ...config.accountRouting, logger }),
      useCsrfPrevention({ requestHeaders: config.security.csrfRequiredHeaders }),
      useSchemaExposure({ introspection: config.security.introspection }),
      // federation (#13): APQ as Apollo Router's subgraph APQ speaks it (in onParams, before anything reads the query).
      ...(config.federation.apqMaxEntries > 0
        ? [usePersistedQueries({ maxEntries: config.federation.apqMaxEntries })]
        : []),
      useStrictMultipart(),
      useRequestErrors(),
      useOperationLimits({
        maxDepth: config.limits.maxDepth,
        maxAliases: config.limits.maxAliases,
        maxTokens: config.limits.maxTokens,
        maxDirectives: config.limits.maxDirectives,
        maxCost: config.limits.maxCost,
      }),
      // perf (#11): the rules added above, merged into one visitor; before the guard, which wraps it.
      useParallelValidation(),
      // After the limits: it wraps the parser the token limit installed.
      useStackOverflowGuard(),
      useUpstreamCostBudget({
        maxUpstreamRequests: config.limits.maxUpstreamRequests,
        assumedListSize: config.limits.assumedListSize,
        maxBatchSize: config.subgraph.entityMaxBatchSize,
        upstreamTypeName: upstreamTypeName(config.subgraph.typePrefix),
      }),
      useUploadValidation({ maxBytes: config.uploads.maxLogoBytes, maxPixels: config.limits.maxLogoPixels }),
      useErrorNormalization({ logger }),
      // After normalization: the access log and metrics record the codes clients get.
      useResponseCodes(),
      // perf (#11): before the cache and sharing, which replace or wrap the execution it installs.
      usePassThrough({
        executor,
        upstreamSchema,
        enabled: config.perf.passThrough,
        entities: {
          spaceTypeName: typeNamer(config.subgraph.typePrefix)('Space'),
          spaceQueryField: config.boomi.spaceQueryField,
          prefetch: entityPrefetch,
          maxBatchSize: config.subgraph.entityMaxBatchSize,
          onBatch: onEntityBatch,
          ...(responseCache.entities ? { cache: responseCache.entities } : {}),
        },
        rules: passThroughRules(schema, upstreamSchema, {
          spaceQueryField: config.boomi.spaceQueryField,
          typePrefix: config.subgraph.typePrefix,
          computed: COMPUTED_FIELDS,
        }),
      }),
      ...responseCache.plugins,
      // perf (#11): identical client queries in flight are executed once.
      useOperationSharing({
        enabled: config.perf.operationSharing,
        onShared: operationSharedCounter(metrics.registry),
      }),
      useOperationMetrics({
        metrics,
        upstreamRequestsOf: upstreamCalls.of,
      }),
      useAccessLog({ logger, sampleRate: config.observability.accessLogSampleRate }),
      // Last: after every plugin that sets a request parser, so it wraps the one chosen.
      useRequestBodyLimit(config.uploads.maxRequestBytes),
    ] as Plugin[],
  });

  let listener: HttpListener | undefined;
  let metricsServer: MetricsServer | undefined;

  return {
    yoga,
    schema,
    metrics,
    tokenProvider: primary.tokenProvider,
    breakers: primary.breakers,
    governor: primary.governor,
    accounts: registry,
    readiness,
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
      readiness.dispose();
      await registry.close();
      await yoga.dispose();
      await responseCache.close();
      await sharedState?.close();
      return report;
    },
  };
}

/** Accounts readiness does not probe report nothing to it. */
const NOT_PROBED: Pick<ReadinessMonitor, 'noteGraphQL' | 'noteMint'> = { noteGraphQL() {}, noteMint() {} };

/** The readiness probe: the lightest request any GraphQL endpoint answers. */
const PROBE = parse('{ __typename }');
