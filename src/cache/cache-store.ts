import { type Cache, createInMemoryCache } from '@envelop/response-cache';
import { createRedisCache } from '@envelop/response-cache-redis';
import type { ExecutionResult } from 'graphql';
import { Redis } from 'ioredis';

/** Where a cached entry says when it was stored and for how long (read for `Age`, stripped before sending). */
export const STAMP_EXTENSION = 'subgraphCacheStamp';

/** What a failing store was doing. */
export type CacheStoreOperation = 'get' | 'set' | 'invalidate' | 'connection';

/** The stamp kept in a cached result. */
export interface CacheStamp {
  /** Epoch milliseconds when the entry was stored. */
  at: number;
  ttl: number;
}

export interface ResponseCacheStoreOptions {
  /** Redis connection URL; unset: in-process LRU. */
  redisUrl?: string | undefined;
  /** Most entries of the in-process LRU. @default 1000 */
  maxEntries?: number;
  /** Called when the store fails; the request goes on as a miss (get/set) or relies on the TTL (invalidate). */
  onError?: (operation: CacheStoreOperation, error: unknown) => void;
}

/** A response cache store and what it owns. */
export interface ResponseCacheStore {
  cache: Cache;
  kind: 'memory' | 'redis';
  close(): Promise<void>;
}

/**
 * The response cache store: a bounded in-process LRU by default, Redis (shared by replicas) when
 * a URL is given. Entries are stamped with their store time (for `Age`), and a failing store
 * never fails a request.
 */
export function createResponseCacheStore(options: ResponseCacheStoreOptions = {}): ResponseCacheStore {
  let redis: Redis | undefined;
  let base: Cache;
  if (options.redisUrl) {
    // No offline queue and one try per command: a Redis outage turns into misses at once, not into waits.
    redis = new Redis(options.redisUrl, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: false,
    });
    redis.on('error', (error: unknown) => options.onError?.('connection', error));
    base = createRedisCache({ redis: redis as never });
  } else {
    base = createInMemoryCache({ max: options.maxEntries ?? 1000 });
  }
  const failed = (operation: CacheStoreOperation) => (error: unknown) => {
    options.onError?.(operation, error);
    return undefined;
  };
  const cache: Cache = {
    async get(id) {
      return Promise.resolve()
        .then(() => base.get(id))
        .catch(failed('get'));
    },
    async set(id, data, entities, ttl) {
      const stamp: CacheStamp = { at: Date.now(), ttl };
      const stamped: ExecutionResult = {
        ...data,
        extensions: { ...data.extensions, [STAMP_EXTENSION]: stamp },
      };
      await Promise.resolve()
        .then(() => base.set(id, stamped, [...entities], ttl))
        .catch(failed('set'));
    },
    async invalidate(entities) {
      await Promise.resolve()
        .then(() => base.invalidate([...entities]))
        .catch(failed('invalidate'));
    },
  };
  return {
    cache,
    kind: redis ? 'redis' : 'memory',
    async close() {
      if (redis && redis.status !== 'end') await redis.quit().catch(() => redis?.disconnect());
    },
  };
}
