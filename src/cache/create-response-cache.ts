import type { GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';
import type { Config } from '../config.ts';
import type { Logger } from '../observability/logger.ts';
import { useSubgraphResponseCache } from '../plugins/use-response-cache.ts';
import { typeNamer } from '../subgraph/type-names.ts';
import { responseCacheMetrics } from './cache-metrics.ts';
import { createResponseCacheStore } from './cache-store.ts';
import { responseCacheTtls } from './cache-ttls.ts';
import { createSpaceEntityCache, type SpaceEntityCache } from './entity-cache.ts';

/**
 * The response cache as the server composes it: its plugins (none when off), its per-entity entries
 * for the Space batches (src/cache/entity-cache.ts; none when off), and its store to close.
 */
export interface ResponseCacheParts {
  plugins: Plugin[];
  entities?: SpaceEntityCache;
  close(): Promise<void>;
}

/** Builds the response cache from the configuration (wiring only). */
export function createResponseCache(
  config: Config,
  registry: Registry,
  logger: Logger,
  upstreamSchema: GraphQLSchema,
): ResponseCacheParts {
  const settings = config.perf.responseCache;
  if (!settings.enabled) return { plugins: [], close: async () => {} };
  const metrics = responseCacheMetrics(registry);
  const store = createResponseCacheStore({
    redisUrl: config.redisUrl,
    maxEntries: settings.maxEntries,
    onError: (operation, error) => {
      metrics.storeError(operation);
      // The URL may hold a password: log the error's code and name only.
      const code = (error as { code?: unknown })?.code;
      logger.warn(
        { operation, code: typeof code === 'string' ? code : undefined },
        'response cache store failed',
      );
    },
  });
  const name = typeNamer(config.subgraph.typePrefix);
  const ttls = responseCacheTtls(name, settings.ttls);
  const entities = createSpaceEntityCache({
    cache: store.cache,
    tables: { ttls, defaultTtlMs: settings.ttlMs, name },
    upstreamSchema,
    spaceTypeName: name('Space'),
    onLookups: metrics.entityLookups,
  });
  const plugin = useSubgraphResponseCache({
    cache: store.cache,
    ttlMs: settings.ttlMs,
    ttls,
    spaceTypeName: name('Space'),
    entityCache: entities,
    onOutcome: metrics.outcome,
    onInvalidate: metrics.invalidated,
  });
  return { plugins: [plugin], entities, close: () => store.close() };
}
