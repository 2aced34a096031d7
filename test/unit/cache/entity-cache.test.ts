import type { ExecutionRequest, ExecutionResult } from '@graphql-tools/utils';
import fc from 'fast-check';
import { buildSchema, type FieldNode, GraphQLError, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createResponseCacheStore } from '../../../src/cache/cache-store.ts';
import { responseCacheTtls } from '../../../src/cache/cache-ttls.ts';
import { createSpaceEntityCache, type SpaceEntityCache } from '../../../src/cache/entity-cache.ts';
import { linkSharedExecution } from '../../../src/plugins/shared-executions.ts';
import { typeNamer } from '../../../src/subgraph/type-names.ts';

const schema = buildSchema(/* GraphQL */ `
  type AccountGroup { id: ID! name: String }
  type Space { id: ID! name: String accountGroup: AccountGroup }
  type Query { _spacesByIds(ids: [ID!]!): [Space] }
`);
const DOCUMENT = parse(
  'query ($ids: [ID!]!) { _spacesByIds(ids: $ids) { __typename id name accountGroup { __typename id name } } }',
);
const FIELD = (DOCUMENT.definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode;

const name = typeNamer('');
function entityCache(now?: () => number): SpaceEntityCache {
  return createSpaceEntityCache({
    cache: createResponseCacheStore().cache,
    tables: { ttls: responseCacheTtls(name), defaultTtlMs: 10_000, name },
    upstreamSchema: schema,
    spaceTypeName: 'Space',
    ...(now ? { now } : {}),
  });
}

const spaceOf = (id: string) => ({
  __typename: 'Space',
  id,
  name: `name of ${id}`,
  accountGroup: { __typename: 'AccountGroup', id: `group-${id}`, name: 'group' },
});

/** The upstream batch as spaces-by-ids.ts answers it: ids starting with "x" are not found. */
function upstream(sent: string[][]) {
  return async (ids: readonly unknown[]): Promise<ExecutionResult> => {
    sent.push(ids as string[]);
    const errors = ids.flatMap((id, i) =>
      String(id).startsWith('x') ? [new GraphQLError(`no Space ${id}`, { path: ['_spacesByIds', i] })] : [],
    );
    const list = ids.map((id) => (String(id).startsWith('x') ? null : spaceOf(String(id))));
    return { data: { _spacesByIds: list }, ...(errors.length ? { errors } : {}) };
  };
}

const request = (ids: readonly string[], context: object = {}): ExecutionRequest => ({
  document: DOCUMENT,
  variables: { ids },
  context,
});

const answer = (cache: SpaceEntityCache, ids: readonly string[], sent: string[][], context?: object) =>
  cache.answer(
    { request: request(ids, context), field: FIELD, idsVariable: 'ids', ids },
    upstream(sent),
  ) as Promise<ExecutionResult>;

/** What a client of the batch can tell apart: the list, and each error's message and path. */
const seen = (result: ExecutionResult) => ({
  data: result.data,
  errors: (result.errors ?? [])
    .map((e) => [e.message, e.path])
    .sort((p, q) => String(p[1]).localeCompare(String(q[1]))),
});

describe('per-entity entries of Space batches', () => {
  it('answers any sequence of batches as the upstream would, and sends each found Space once (property)', async () => {
    const id = fc.constantFrom('s1', 's2', 's3', 's4', 's5', 'x1', 'x2');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(id, { minLength: 1, maxLength: 6 }), { maxLength: 8 }),
        async (batches) => {
          const cache = entityCache();
          const sent: string[][] = [];
          for (const ids of batches) {
            const through = await answer(cache, ids, sent);
            const direct = await upstream([])(ids);
            expect(seen(through)).toEqual(seen(direct));
          }
          const found = sent.flat().filter((s) => !s.startsWith('x'));
          expect(new Set(found).size).toBe(found.length);
        },
      ),
      { seed: 20261202, numRuns: 300 },
    );
  });

  it('never answers one scope from the entries of another', async () => {
    const cache = entityCache();
    const sent: string[][] = [];
    const alice = { inboundIdentity: { method: 'jwt', subject: 'alice', scopes: [] } };
    const bob = { inboundIdentity: { method: 'jwt', subject: 'bob', scopes: [] } };
    const otherAccount = { boomiAccount: { name: 'b', key: 'account-b' } };
    await answer(cache, ['s1'], sent, alice);
    await answer(cache, ['s1'], sent, bob);
    await answer(cache, ['s1'], sent, otherAccount);
    await answer(cache, ['s1'], sent, alice);
    expect(sent).toEqual([['s1'], ['s1'], ['s1']]);
  });

  it('says how long the oldest entry a request used has left', async () => {
    let clock = Date.now();
    const cache = entityCache(() => clock);
    await answer(cache, ['s1'], []);
    clock += 45_000;
    const context = {};
    await answer(cache, ['s1', 's2'], [], context);
    const left = cache.remainingFor(context)!;
    // Space and AccountGroup live 60 s: 15 s are left (give or take the store's own clock reading).
    expect(left).toBeGreaterThan(14_000);
    expect(left).toBeLessThanOrEqual(15_000 + 1_000);
    expect(cache.remainingFor({})).toBeUndefined();
    // An operation that shared this request's execution got the same answer: the same limit.
    const joined = {};
    linkSharedExecution(joined, context);
    expect(cache.remainingFor(joined)).toBe(left);
    clock += 16_000;
    const sent: string[][] = [];
    await answer(cache, ['s1'], sent);
    expect(sent).toEqual([['s1']]);
  });

  it('is evicted by the entities it holds, nested ones included', async () => {
    const store = createResponseCacheStore();
    const cache = createSpaceEntityCache({
      cache: store.cache,
      tables: { ttls: responseCacheTtls(name), defaultTtlMs: 10_000, name },
      upstreamSchema: schema,
      spaceTypeName: 'Space',
    });
    const sent: string[][] = [];
    await answer(cache, ['s1', 's2'], sent);
    await store.cache.invalidate([{ typename: 'AccountGroup', id: 'group-s1' }]);
    await answer(cache, ['s1', 's2'], sent);
    expect(sent).toEqual([['s1', 's2'], ['s1']]);
  });

  it('keeps nothing when a type in the selection has a TTL of 0', async () => {
    const ttls = responseCacheTtls(name, { AccountGroup: 0 });
    const cache = createSpaceEntityCache({
      cache: createResponseCacheStore().cache,
      tables: { ttls, defaultTtlMs: 10_000, name },
      upstreamSchema: schema,
      spaceTypeName: 'Space',
    });
    const sent: string[][] = [];
    await answer(cache, ['s1'], sent);
    await answer(cache, ['s1'], sent);
    expect(sent).toEqual([['s1'], ['s1']]);
  });

  it('takes an entry it cannot read (not ours, truncated, no stamp) for a miss, never a failure', async () => {
    const store = createResponseCacheStore();
    const keys: string[] = [];
    const spying = {
      ...store.cache,
      get: (key: string) => {
        keys.push(key);
        return store.cache.get(key);
      },
    };
    const cache = createSpaceEntityCache({
      cache: spying,
      tables: { ttls: responseCacheTtls(name), defaultTtlMs: 10_000, name },
      upstreamSchema: schema,
      spaceTypeName: 'Space',
    });
    await answer(cache, ['s1', 's2', 's3', 's4'], []);
    const [k1, k2, k3] = keys as [string, string, string];
    // Written behind the cache's back, as another program sharing the Redis database could.
    await store.cache.set(k1, { data: { json: '{"trunc' } }, [], 60_000);
    await store.cache.set(k2, { data: { json: '[1,2]' } }, [], 60_000);
    await store.cache.set(k3, { data: { other: true } }, [], 60_000);
    const sent: string[][] = [];
    const result = await answer(cache, ['s1', 's2', 's3', 's4'], sent);
    expect(sent).toEqual([['s1', 's2', 's3']]);
    expect(seen(result)).toEqual(seen(await upstream([])(['s1', 's2', 's3', 's4'])));
  });
});
