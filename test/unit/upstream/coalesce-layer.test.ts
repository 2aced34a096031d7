import { makeExecutableSchema } from '@graphql-tools/schema';
import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import fc from 'fast-check';
import { execute, GraphQLError, parse } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { createCoalesceLayer } from '../../../src/upstream/coalesce-layer.ts';
import { spaceGuidOf, withSpaceGuid } from '../../../src/upstream/space-guid.ts';

/** A fake upstream: records every call and answers only when the test says so. */
function fakeUpstream() {
  const calls: Array<{ request: ExecutionRequest; resolve(r: ExecutionResult): void }> = [];
  const executor: Executor = (request) =>
    new Promise<ExecutionResult>((resolve) => {
      calls.push({ request, resolve });
    });
  return { executor, calls };
}

/** An upstream that really executes what it is sent (merged documents included). */
const SCHEMA = makeExecutableSchema({
  typeDefs: 'type Query { space(id: ID!): Space } type Space { id: ID! name: String }',
  resolvers: {
    Query: {
      space: (_: unknown, { id }: { id: string }) => {
        if (id === 'gone')
          throw new GraphQLError('no such Space', { extensions: { code: 'SPACE_NOT_FOUND' } });
        return { id, name: `name-${id}` };
      },
    },
  },
});
const run = (request: ExecutionRequest) =>
  execute({
    schema: SCHEMA,
    document: request.document,
    variableValues: request.variables ?? {},
    ...(request.operationName ? { operationName: request.operationName } : {}),
  }) as Promise<ExecutionResult>;

const flush = () => new Promise((r) => setImmediate(r));
const SPACE = parse('query Q($id: ID!) { space(id: $id) { id name } }');
const query = (id: string, extra: Partial<ExecutionRequest> = {}): ExecutionRequest =>
  ({
    document: SPACE,
    operationType: 'query',
    operationName: 'Q',
    variables: { id },
    ...extra,
  }) as ExecutionRequest;
const options = { capacity: () => 1, maxBatchSize: 100, maxWaitMs: 60_000 };

/** Calls the fake upstream answered with its real execution, one by one, until none is left. */
async function answerAll(upstream: ReturnType<typeof fakeUpstream>, from = 0): Promise<void> {
  await flush();
  for (let i = from; i < upstream.calls.length; i++) {
    const call = upstream.calls[i]!;
    call.resolve(await run(call.request));
    await flush();
  }
}

describe('createCoalesceLayer', () => {
  it('below capacity sends every query on alone, at once', async () => {
    const upstream = fakeUpstream();
    const layer = createCoalesceLayer(upstream.executor, { ...options, capacity: () => 3 });
    for (const id of ['a', 'b', 'c']) layer(query(id));
    await flush();
    expect(upstream.calls.map((c) => c.request.variables)).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
  });

  it('merges the queries that queued while every slot was busy into one request, each getting its own part', async () => {
    const upstream = fakeUpstream();
    const merged: number[] = [];
    const layer = createCoalesceLayer(upstream.executor, { ...options, onMerged: (n) => merged.push(n) });
    const results = ['a', 'b', 'gone', 'd'].map((id) => layer(query(id)) as Promise<ExecutionResult>);
    await flush();
    expect(upstream.calls).toHaveLength(1);
    await answerAll(upstream);
    expect(upstream.calls).toHaveLength(2);
    expect(merged).toEqual([3]);
    const [a, b, gone, d] = await Promise.all(results);
    expect(a).toEqual({ data: { space: { id: 'a', name: 'name-a' } } });
    expect(b).toEqual({ data: { space: { id: 'b', name: 'name-b' } } });
    expect(d).toEqual({ data: { space: { id: 'd', name: 'name-d' } } });
    // The error reaches only its own query, at its own path.
    expect(gone!.data).toEqual({ space: null });
    expect(gone!.errors!.map((e) => [e.message, e.path, e.extensions?.code])).toEqual([
      ['no such Space', ['space'], 'SPACE_NOT_FOUND'],
    ]);
  });

  it('never merges mutations or queries of different Spaces', async () => {
    const upstream = fakeUpstream();
    const layer = createCoalesceLayer(upstream.executor, options);
    layer(query('a'));
    const mutation = parse('mutation { spaceDelete(id: "x") }');
    layer({ document: mutation, operationType: 'mutation' } as ExecutionRequest);
    layer(withSpaceGuid(query('b'), 'g1'));
    layer(withSpaceGuid(query('c'), 'g2'));
    await flush();
    // The mutation went on alone (into the governor's queue), not held back.
    expect(upstream.calls.map((c) => c.request.operationType)).toEqual(['query', 'mutation']);
    await answerAll(upstream);
    // One request per Space: the two queued queries were not merged.
    expect(upstream.calls.slice(2).map((c) => spaceGuidOf(c.request))).toEqual(['g1', 'g2']);
  });

  it('a member that leaves is rejected alone; the merged call is aborted only when every member left', async () => {
    const upstream = fakeUpstream();
    const layer = createCoalesceLayer(upstream.executor, options);
    layer(query('first'));
    const leaving = new AbortController();
    const staying = new AbortController();
    const left = layer(query('a', { signal: leaving.signal })) as Promise<ExecutionResult>;
    const stays = layer(query('b', { signal: staying.signal })) as Promise<ExecutionResult>;
    await flush();
    upstream.calls[0]!.resolve(await run(upstream.calls[0]!.request));
    await flush();
    const mergedCall = upstream.calls[1]!;
    leaving.abort(new Error('client went away'));
    await expect(left).rejects.toThrow('client went away');
    expect(mergedCall.request.signal?.aborted).toBe(false);
    mergedCall.resolve(await run(mergedCall.request));
    expect(await stays).toEqual({ data: { space: { id: 'b', name: 'name-b' } } });

    const gone = new AbortController();
    layer(query('c'));
    const lonely = layer(query('d', { signal: gone.signal })) as Promise<ExecutionResult>;
    lonely.catch(() => {});
    gone.abort(new Error('bye'));
    await expect(lonely).rejects.toThrow('bye');
  });

  it('a query that waited UPSTREAM_QUEUE_MAX_WAIT_MS goes on alone, into the governor queue', async () => {
    vi.useFakeTimers();
    try {
      const upstream = fakeUpstream();
      const layer = createCoalesceLayer(upstream.executor, { ...options, maxWaitMs: 1000 });
      layer(query('a'));
      layer(query('b'));
      await vi.advanceTimersByTimeAsync(999);
      expect(upstream.calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(upstream.calls.map((c) => c.request.variables)).toEqual([{ id: 'a' }, { id: 'b' }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a full group (maxBatchSize root fields) keeps its place in line, and the next query opens a group behind it', async () => {
    const upstream = fakeUpstream();
    const layer = createCoalesceLayer(upstream.executor, { ...options, maxBatchSize: 2 });
    const results = ['a', 'b', 'c', 'd', 'e'].map((id) => layer(query(id)) as Promise<ExecutionResult>);
    await flush();
    // One slot: a goes on; b and c fill a group; d and e wait in the next one, not alone past the slot.
    expect(upstream.calls.map((c) => c.request.variables)).toEqual([{ id: 'a' }]);
    await answerAll(upstream);
    expect(upstream.calls).toHaveLength(3);
    expect(Object.keys(upstream.calls[1]!.request.variables ?? {})).toHaveLength(2);
    expect(Object.keys(upstream.calls[2]!.request.variables ?? {})).toHaveLength(2);
    const names = (await Promise.all(results)).map((r) => (r.data as { space: { id: string } }).space.id);
    expect(names).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('a query larger than a group goes on alone', async () => {
    const upstream = fakeUpstream();
    const layer = createCoalesceLayer(upstream.executor, { ...options, maxBatchSize: 1 });
    const two = parse('query Q($id: ID!) { a: space(id: $id) { id } b: space(id: $id) { id } }');
    layer(query('a'));
    layer(query('b', { document: two }));
    await flush();
    expect(upstream.calls).toHaveLength(2);
  });

  it('property: every query gets exactly what it alone would get, in fewer or as many upstream calls', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('a', 'b', 'c', 'gone'), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 4 }),
        async (ids, capacity) => {
          const upstream = fakeUpstream();
          const layer = createCoalesceLayer(upstream.executor, { ...options, capacity: () => capacity });
          const results = ids.map((id) => layer(query(id)) as Promise<ExecutionResult>);
          await answerAll(upstream);
          const got = await Promise.all(results);
          const alone = await Promise.all(ids.map((id) => run(query(id))));
          expect(JSON.parse(JSON.stringify(got))).toEqual(JSON.parse(JSON.stringify(alone)));
          expect(upstream.calls.length).toBeLessThanOrEqual(ids.length);
          if (ids.length > capacity) expect(upstream.calls.length).toBeLessThanOrEqual(capacity + 1);
        },
      ),
      { numRuns: 60, seed: 11 },
    );
  });
});
