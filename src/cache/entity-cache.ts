/**
 * Per-entity entries of the response cache (issue #11 item 2): each Space a `_spacesByIds` batch
 * (spaces-by-ids.ts, what `_entities` of Spaces becomes on either path) brought back is kept as an
 * entry of its own, keyed by the cache scope, the batch's document and its other variables, and the
 * Space's id. A later batch with another set of ids is answered from the entries it finds, and only
 * the ids without one go upstream. Entries live in the response cache's store (memory or Redis), are
 * tagged with the entities they hold (entity-records.ts) so our mutations evict them as they evict
 * responses, and last as long as the TTLs of what they hold (entity-ttl.ts).
 */
import { createHash } from 'node:crypto';
import type { Cache } from '@envelop/response-cache';
import type { ExecutionRequest, ExecutionResult } from '@graphql-tools/utils';
import { type FieldNode, type GraphQLError, type GraphQLSchema, isObjectType } from 'graphql';
import { sharedExecutionOf } from '../plugins/shared-executions.ts';
import { SPACES_BY_IDS_FIELD, withPath } from '../subgraph/spaces-by-ids.ts';
import { printDocument } from '../upstream/print-document.ts';
import { stableJson } from '../upstream/stable-json.ts';
import { responseCacheScope } from './cache-scope.ts';
import { type CacheStamp, STAMP_EXTENSION } from './cache-store.ts';
import { entityRecords } from './entity-records.ts';
import { type EntityTtlTables, entityTtl } from './entity-ttl.ts';

/** Published coordinates whose TTL an entity entry also takes (`Query._entities=0` turns entries off). */
const ENTITY_COORDINATES = ['Query._entities'];
/** Documents whose TTL is remembered (the delegated and fast-path batch documents: few shapes). */
const TTL_MEMO_SIZE = 200;

export interface SpaceEntityCacheOptions {
  /** The response cache's store (cache-store.ts), which stamps entries with their store time. */
  cache: Cache;
  tables: EntityTtlTables;
  /** The upstream schema the batch documents are written in. */
  upstreamSchema: GraphQLSchema;
  /** The published Space type name. */
  spaceTypeName: string;
  /** Called per batch with how many distinct ids were found and how many were not. */
  onLookups?: (hits: number, misses: number) => void;
  /** @default Date.now */
  now?: () => number;
}

/** A `_spacesByIds` batch: its request, field, the variable holding the ids, and the ids. */
export interface EntityBatch {
  request: ExecutionRequest;
  field: FieldNode;
  idsVariable: string;
  ids: readonly unknown[];
}

type Answer = ExecutionResult | AsyncIterable<ExecutionResult>;

export interface SpaceEntityCache {
  /** The batch's answer: entries found, and `send` (the upstream batch) for the ids without one. */
  answer(batch: EntityBatch, send: (ids: readonly unknown[]) => Promise<Answer>): Promise<Answer>;
  /**
   * Milliseconds until the oldest entry a request's batches used runs out, or undefined: the
   * response built from them must not be kept longer (use-response-cache.ts caps its TTL with it).
   */
  remainingFor(context: unknown): number | undefined;
}

export function createSpaceEntityCache(options: SpaceEntityCacheOptions): SpaceEntityCache {
  const now = options.now ?? Date.now;
  const ttlOf = ttlMemo(options);
  const remaining = new WeakMap<object, number>();
  const note = (context: unknown, left: number) => {
    if (typeof context !== 'object' || context === null) return;
    const before = remaining.get(context);
    remaining.set(context, before === undefined ? left : Math.min(before, left));
  };
  return {
    async answer(batch, send) {
      const text = printDocument(batch.request.document);
      const ttl = ttlOf(batch, text);
      const base = ttl > 0 ? baseKey(batch, text) : undefined;
      if (base === undefined || !batch.ids.every((id): id is string => typeof id === 'string')) {
        return send(batch.ids);
      }
      const unique = [...new Set(batch.ids as readonly string[])];
      const entries = await Promise.all(unique.map((id) => options.cache.get(entryKey(base, id))));
      const hits = new Map<string, unknown>();
      unique.forEach((id, i) => {
        const found = read(entries[i], now());
        if (!found) return;
        hits.set(id, found.value);
        note(batch.request.context, found.left);
      });
      options.onLookups?.(hits.size, unique.length - hits.size);
      const missing = unique.filter((id) => !hits.has(id));
      if (missing.length === 0) {
        return { data: { [SPACES_BY_IDS_FIELD]: batch.ids.map((id) => hits.get(id as string)) } };
      }
      const fetched = await send(missing);
      if (Symbol.asyncIterator in fetched) return fetched;
      store(options, base, missing, fetched, ttl);
      return hits.size === 0 && missing.length === batch.ids.length
        ? fetched
        : merged(batch.ids as readonly string[], missing, hits, fetched);
    },
    remainingFor(context) {
      if (typeof context !== 'object' || context === null) return undefined;
      // An operation that shared another's execution answered from what that execution used.
      const leader = sharedExecutionOf(context);
      return remaining.get(context) ?? (leader ? remaining.get(leader) : undefined);
    },
  };
}

/** The TTL of a batch document's entries, remembered per document text. */
function ttlMemo(options: SpaceEntityCacheOptions): (batch: EntityBatch, text: string) => number {
  const space = options.upstreamSchema.getType('Space');
  const ttls = new Map<string, number>();
  return (batch, text) => {
    let ttl = ttls.get(text);
    if (ttl === undefined) {
      ttl = isObjectType(space)
        ? entityTtl(
            options.upstreamSchema,
            space,
            batch.field.selectionSet,
            batch.request.document,
            options.tables,
            ENTITY_COORDINATES,
          )
        : 0;
      if (ttls.size >= TTL_MEMO_SIZE) ttls.delete(ttls.keys().next().value as string);
      ttls.set(text, ttl);
    }
    return ttl;
  };
}

/**
 * An entry's Space and how long it has left, or undefined when there is none, it ran out, or it is
 * not one of ours (a shared Redis database may hold anything under our keys): a miss, never a failure.
 */
function read(
  entry: ExecutionResult | null | undefined,
  now: number,
): { value: unknown; left: number } | undefined {
  const json = (entry?.data as { json?: unknown } | null | undefined)?.json;
  const stamp = entry?.extensions?.[STAMP_EXTENSION] as Partial<CacheStamp> | undefined;
  if (typeof json !== 'string' || typeof stamp?.at !== 'number' || typeof stamp.ttl !== 'number') {
    return undefined;
  }
  const left = stamp.at + stamp.ttl - now;
  if (!(left > 0)) return undefined;
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? { value, left } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps each Space of the answer that came without an error, as JSON text (every hit gets its own
 * objects: the delegation layer annotates the objects it is handed); nothing when an error names no Space.
 */
function store(
  options: SpaceEntityCacheOptions,
  base: string,
  missing: readonly string[],
  fetched: ExecutionResult,
  ttl: number,
) {
  const items = (fetched.data as Record<string, unknown> | null | undefined)?.[SPACES_BY_IDS_FIELD];
  if (!Array.isArray(items)) return;
  const erred = new Set<number>();
  for (const error of fetched.errors ?? []) {
    const index = indexOf(error);
    if (index === undefined) return;
    erred.add(index);
  }
  missing.forEach((id, j) => {
    const item = items[j];
    if (erred.has(j) || typeof item !== 'object' || item === null) return;
    const records = entityRecords(item, options.tables.name, { typename: options.spaceTypeName, id });
    void options.cache.set(entryKey(base, id), { data: { json: JSON.stringify(item) } }, records, ttl);
  });
}

/** The batch's scope, document and other variables, digested; undefined when they are not plain JSON. */
function baseKey(batch: EntityBatch, text: string): string | undefined {
  const others: Record<string, unknown> = { ...batch.request.variables };
  delete others[batch.idsVariable];
  const variables = stableJson(others);
  if (variables === undefined) return undefined;
  const scope = responseCacheScope(batch.request.context);
  return createHash('sha256').update(`${scope}\u0000${text}\u0000${variables}`).digest('hex');
}

function entryKey(base: string, id: string): string {
  return `subgraph-entity:${createHash('sha256').update(`${base}\u0000${id}`).digest('hex')}`;
}

/** The batch index an error of a `_spacesByIds` answer is at (`["_spacesByIds", i, …]`). */
function indexOf(error: GraphQLError): number | undefined {
  const [head, index] = error.path ?? [];
  return head === SPACES_BY_IDS_FIELD && typeof index === 'number' ? index : undefined;
}

/** The answer for every id of the batch: entries found, and the fetched ones with their errors moved. */
function merged(
  ids: readonly string[],
  missing: readonly string[],
  hits: ReadonlyMap<string, unknown>,
  fetched: ExecutionResult,
): ExecutionResult {
  const items = (fetched.data as Record<string, unknown> | null | undefined)?.[SPACES_BY_IDS_FIELD];
  if (!Array.isArray(items)) return fetched;
  const at = new Map(missing.map((id, j) => [id, j]));
  const errors: GraphQLError[] = [];
  for (const error of fetched.errors ?? []) {
    const index = indexOf(error);
    if (index === undefined) {
      errors.push(error);
      continue;
    }
    const [, , ...rest] = error.path!;
    ids.forEach((id, i) => {
      if (at.get(id) !== index) return;
      errors.push(withPath(error, [SPACES_BY_IDS_FIELD, i, ...rest]));
    });
  }
  const list = ids.map((id) => (hits.has(id) ? hits.get(id) : (items[at.get(id)!] ?? null)));
  const { data: _data, errors: _errors, ...rest } = fetched;
  return { ...rest, data: { [SPACES_BY_IDS_FIELD]: list }, ...(errors.length > 0 ? { errors } : {}) };
}
