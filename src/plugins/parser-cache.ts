import type { YogaServerOptions } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

/** Yoga's `parserAndValidationCache` option (its type is not exported by name). */
type ParserAndValidationCacheOptions = Exclude<
  NonNullable<YogaServerOptions<object, object>['parserAndValidationCache']>,
  boolean
>;

export interface ParserCacheOptions {
  /** Source text (UTF-16 code units) the document cache and the parse-error cache may hold, each. @default 8388608 */
  maxBytes?: number;
  /** Most entries, as Yoga's default. @default 1024 */
  maxEntries?: number;
  /** How long an entry lives, as Yoga's default. @default 3600000 */
  ttlMs?: number;
}

/**
 * Yoga's parser and validation caches, bounded by size as well as by count. Yoga keys its caches by
 * the whole source text (1,024 entries for an hour): a 3-token document can carry a 1 MB comment or
 * string, so a count bound alone lets a client pin a gigabyte. A document larger than the bound is
 * parsed every time and never cached.
 */
export function boundedParserCache(options: ParserCacheOptions = {}): ParserAndValidationCacheOptions {
  const create = <V extends object>() =>
    new LRUCache<string, V>({
      max: options.maxEntries ?? 1024,
      ttl: options.ttlMs ?? 3_600_000,
      maxSize: options.maxBytes ?? 8_388_608,
      sizeCalculation: (_value, key) => Math.max(1, key.length),
    });
  return {
    documentCache: create(),
    errorCache: create(),
    // Keyed by the (bounded) cached documents in WeakMaps: it shrinks with them.
    validationCache: true,
  };
}
