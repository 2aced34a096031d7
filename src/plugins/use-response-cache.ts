import type { Cache, CacheEntityRecord } from '@envelop/response-cache';
import { useResponseCache as useEnvelopResponseCache } from '@envelop/response-cache';
import {
  type DefinitionNode,
  type ExecutionResult,
  Kind,
  type OperationDefinitionNode,
  valueFromASTUntyped,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { CacheOutcome } from '../cache/cache-metrics.ts';
import { responseCacheScope } from '../cache/cache-scope.ts';
import { type CacheStamp, STAMP_EXTENSION } from '../cache/cache-store.ts';
import type { ResponseCacheTtls } from '../cache/cache-ttls.ts';
import type { SpaceEntityCache } from '../cache/entity-cache.ts';

export interface ResponseCacheOptions {
  /** The store (src/cache/cache-store.ts). */
  cache: Cache;
  /** TTL of a response no type or field sets. @default 10000 */
  ttlMs?: number;
  /** TTLs per type and schema coordinate (src/cache/cache-ttls.ts). @default no overrides */
  ttls?: ResponseCacheTtls;
  /** Published name of the Space type (with the type prefix). @default 'Space' */
  spaceTypeName?: string;
  /**
   * The per-entity entries (src/cache/entity-cache.ts): a response built from entries is kept no
   * longer than the oldest of them has left.
   */
  entityCache?: Pick<SpaceEntityCache, 'remainingFor'>;
  /** Called once per query with its cache outcome (metrics). */
  onOutcome?: (outcome: CacheOutcome) => void;
  /** Called with the number of entities a mutation evicted (metrics). */
  onInvalidate?: (entities: number) => void;
}

interface HeaderInfo {
  cacheControl: string;
  age?: number;
}

/**
 * The response cache: envelop's response cache, scoped by {@link responseCacheScope} (account and
 * verified caller), plus what the subgraph needs around it:
 * - evictions the generic plugin cannot infer: `spaceDelete` returns a Boolean, so the deleted
 *   Space is evicted by its id, and `spaceCreate` evicts every response holding a Space (the lists);
 *   `spaceUpdate` returns the Space, which envelop's mutation invalidation evicts by itself;
 * - `Cache-Control: private, max-age` and `Age` for a gateway, `no-store` on uncacheable queries;
 * - hit/miss metrics, and no cache metadata in the response body.
 * Execution hooks run after inbound authentication built the context, so the scope sees the caller.
 */
export function useSubgraphResponseCache(options: ResponseCacheOptions): Plugin {
  const spaceType = options.spaceTypeName ?? 'Space';
  const headers = new WeakMap<Request, HeaderInfo>();
  const invalidate = async (entities: CacheEntityRecord[]) => {
    if (entities.length === 0) return;
    await options.cache.invalidate(entities);
    options.onInvalidate?.(entities.length);
  };
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(
        useEnvelopResponseCache({
          cache: options.cache,
          session: (context) => responseCacheScope(context),
          ttl: options.ttlMs ?? 10_000,
          // Type names and coordinates in one table: envelop reads a type's TTL from it (ttlPerType is deprecated).
          ttlPerSchemaCoordinate: {
            ...options.ttls?.ttlPerType,
            ...options.ttls?.ttlPerSchemaCoordinate,
          },
          invalidateViaMutation: true,
          includeExtensionMetadata: true,
          onTtl: ({ ttl, context }) => {
            const left = options.entityCache?.remainingFor(context);
            return left === undefined ? ttl : Math.min(ttl, left);
          },
        }),
      );
    },
    onExecute({ args }) {
      const operation = args.document.definitions.find(
        (d: DefinitionNode): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      );
      if (operation?.operation !== 'mutation') return;
      const evict = spaceEvictions(operation, args.variableValues ?? {}, spaceType);
      if (evict.length === 0) return;
      return { onExecuteDone: () => invalidate(evict) };
    },
    onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || !isExecutionResult(result)) return;
      const meta = result.extensions?.responseCache as Record<string, unknown> | undefined;
      if (!meta || !('hit' in meta)) {
        if (meta) setResult(withoutCacheExtensions(result));
        return;
      }
      const stamp = result.extensions?.[STAMP_EXTENSION] as CacheStamp | undefined;
      const info = headerInfo(meta, stamp);
      options.onOutcome?.(meta.hit ? 'hit' : meta.didCache ? 'miss' : 'uncacheable');
      headers.set(request, info);
      setResult(withoutCacheExtensions(result));
    },
    onResponse({ request, response }) {
      const info = headers.get(request);
      if (!info) return;
      response.headers.set('cache-control', info.cacheControl);
      if (info.age !== undefined) response.headers.set('age', String(info.age));
    },
  };
}

function headerInfo(meta: Record<string, unknown>, stamp: CacheStamp | undefined): HeaderInfo {
  if (meta.hit && stamp) {
    const ageMs = Math.max(0, Date.now() - stamp.at);
    const remaining = Math.max(0, Math.floor((stamp.ttl - ageMs) / 1000));
    return { cacheControl: `private, max-age=${remaining}`, age: Math.floor(ageMs / 1000) };
  }
  if (meta.didCache && typeof meta.ttl === 'number') {
    return { cacheControl: `private, max-age=${Math.floor(meta.ttl / 1000)}`, age: 0 };
  }
  return { cacheControl: meta.hit ? 'private' : 'no-store' };
}

/** Evictions for our Space mutations that return no Space to infer them from. */
function spaceEvictions(
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  spaceType: string,
): CacheEntityRecord[] {
  const out: CacheEntityRecord[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    if (selection.name.value === 'spaceCreate') out.push({ typename: spaceType });
    if (selection.name.value === 'spaceDelete') {
      const arg = selection.arguments?.find((a) => a.name.value === 'id');
      const id = arg ? valueFromASTUntyped(arg.value, variables) : undefined;
      // An id we cannot read (not a string) still must not leave the Space cached: evict them all.
      out.push(typeof id === 'string' ? { typename: spaceType, id } : { typename: spaceType });
    }
  }
  return out;
}

function isExecutionResult(value: unknown): value is ExecutionResult {
  return typeof value === 'object' && value !== null && !(Symbol.asyncIterator in value);
}

function withoutCacheExtensions(result: ExecutionResult): ExecutionResult {
  const { responseCache: _meta, [STAMP_EXTENSION]: _stamp, ...rest } = result.extensions ?? {};
  const { extensions: _extensions, ...withoutExtensions } = result;
  return Object.keys(rest).length > 0 ? { ...withoutExtensions, extensions: rest } : withoutExtensions;
}
