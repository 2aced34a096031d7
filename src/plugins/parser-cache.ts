import type { DocumentNode } from 'graphql';
import type { YogaServerOptions } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

/** Yoga's `parserAndValidationCache` option (its type is not exported by name). */
type ParserAndValidationCacheOptions = Exclude<
  NonNullable<YogaServerOptions<object, object>['parserAndValidationCache']>,
  boolean
>;

export interface ParserCacheOptions {
  /** Estimated bytes (source text plus parsed tree) the document cache and the parse-error cache may hold, each. @default 8388608 */
  maxBytes?: number;
  /** Most entries, as Yoga's default. @default 1024 */
  maxEntries?: number;
  /** How long an entry lives, as Yoga's default. @default 3600000 */
  ttlMs?: number;
}

/** Bytes per lexical token of a parsed document: the Token object and its share of the AST nodes and of cached validation errors (generous). */
const BYTES_PER_TOKEN = 512;

/**
 * Memory an entry holds: its key (UTF-16) and, for a parsed document, a tree proportional to its
 * tokens (bounded by MAX_OPERATION_TOKENS), counted along graphql-js's token list.
 */
function estimatedBytes(key: string, value: object): number {
  let tokens = 0;
  let token = (value as DocumentNode).loc?.startToken ?? null;
  while (token !== null && tokens < 1_000_000) {
    tokens++;
    token = token.next;
  }
  return 2 * key.length + (tokens > 0 ? tokens * BYTES_PER_TOKEN : 1024);
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
      sizeCalculation: (value, key) => estimatedBytes(key, value),
    });
  return {
    documentCache: create(),
    errorCache: create(),
    // Keyed by the (bounded) cached documents in WeakMaps: it shrinks with them.
    validationCache: true,
  };
}
