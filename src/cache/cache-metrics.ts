import { Counter, type Registry } from 'prom-client';
import type { CacheStoreOperation } from './cache-store.ts';

/** Outcome of one operation for the response cache. */
export type CacheOutcome = 'hit' | 'miss' | 'uncacheable';

/** The response cache's metrics, registered on the server's registry. */
export interface ResponseCacheMetrics {
  outcome(outcome: CacheOutcome): void;
  invalidated(entities: number): void;
  storeError(operation: CacheStoreOperation): void;
  /** A Space batch looked its ids up in the per-entity entries (entity-cache.ts). */
  entityLookups(hits: number, misses: number): void;
}

export function responseCacheMetrics(registry: Registry): ResponseCacheMetrics {
  const outcomes = new Counter({
    name: 'subgraph_response_cache_requests_total',
    help: 'Query operations by response cache outcome: hit (answered from the cache, no upstream request), miss (executed and stored), uncacheable (executed, not stored: errors or a TTL of 0).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const invalidations = new Counter({
    name: 'subgraph_response_cache_invalidated_entities_total',
    help: 'Entities (type and id, or a whole type) whose cached responses our own mutations evicted.',
    registers: [registry],
  });
  const errors = new Counter({
    name: 'subgraph_response_cache_store_errors_total',
    help: 'Failures of the response cache store (Redis), by operation; the request went on without the cache.',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  const lookups = new Counter({
    name: 'subgraph_response_cache_entity_lookups_total',
    help: 'Space ids of entity batches looked up in the per-entity entries of the response cache: hit (answered from an entry, not sent upstream), miss (sent upstream).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  return {
    entityLookups: (hits, misses) => {
      if (hits > 0) lookups.inc({ result: 'hit' }, hits);
      if (misses > 0) lookups.inc({ result: 'miss' }, misses);
    },
    outcome: (result) => outcomes.inc({ result }),
    invalidated: (count) => invalidations.inc(count),
    storeError: (operation) => errors.inc({ operation }),
  };
}
