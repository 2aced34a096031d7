import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import { GraphQLError, parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createBatchingExecutor } from '../../../src/upstream/batching.ts';
import { withSpaceGuid } from '../../../src/upstream/space-guid.ts';

/** A fake upstream: records the documents it gets and answers with `answer(request)`. */
function fakeUpstream(answer: (request: ExecutionRequest) => ExecutionResult) {
  const seen: string[] = [];
  const executor: Executor = async (request) => {
    seen.push(print(request.document));
    return answer(request);
  };
  return { executor, seen };
}

const space = (id: string, context: object): ExecutionRequest => ({
  document: parse(`{ space(id: "${id}") { id } }`),
  operationType: 'query' as never,
  context,
});

/** Answers every merged `space` field with data, except ids in `missing`: null plus an error whose path is `path(alias)`. */
function spacesAnswer(missing: Set<string>, path: (alias: string) => Array<string | number>) {
  return (request: ExecutionRequest): ExecutionResult => {
    const data: Record<string, unknown> = {};
    const errors: GraphQLError[] = [];
    for (const match of print(request.document).matchAll(/(?:(\w+): )?space\(id: "([^"]+)"\)/g)) {
      const alias = match[1] ?? 'space';
      const id = match[2] as string;
      if (missing.has(id)) {
        data[alias] = null;
        errors.push(
          new GraphQLError(`no ${id}`, { path: path(alias), extensions: { code: 'SPACE_NOT_FOUND' } }),
        );
      } else {
        data[alias] = { id };
      }
    }
    return errors.length ? { data, errors } : { data };
  };
}

describe('createBatchingExecutor', () => {
  it('merges the queries of one context in one tick into one upstream request', async () => {
    const upstream = fakeUpstream(spacesAnswer(new Set(), (a) => [a]));
    const batching = createBatchingExecutor(upstream.executor);
    const context = {};
    const results = await Promise.all(['a', 'b', 'c'].map((id) => batching(space(id, context))));
    expect(results).toEqual([
      { data: { space: { id: 'a' } } },
      { data: { space: { id: 'b' } } },
      { data: { space: { id: 'c' } } },
    ]);
    expect(upstream.seen).toHaveLength(1);
    expect(upstream.seen[0]).toContain('_v2_space: space(id: "c")');
  });

  it('never merges across contexts, across space guids, mutations, or requests without a context', async () => {
    const upstream = fakeUpstream(() => ({ data: { space: { id: 'x' } } }));
    const batching = createBatchingExecutor(upstream.executor);
    const one = {};
    const mutation: ExecutionRequest = {
      document: parse('mutation { spaceDelete(id: "a") }'),
      operationType: 'mutation' as never,
      context: one,
    };
    await Promise.all([
      batching(space('a', one)),
      batching(space('b', {})),
      batching(withSpaceGuid(space('c', one), 'g-1')),
      batching(mutation),
      batching({ document: parse('{ space(id: "d") { id } }') }),
    ]);
    expect(upstream.seen).toHaveLength(5);
  });

  it('an error path naming the field instead of the alias reaches the caller whose field failed', async () => {
    const upstream = fakeUpstream(spacesAnswer(new Set(['b']), () => ['space']));
    const batching = createBatchingExecutor(upstream.executor);
    const context = {};
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((id) => batching(space(id, context))));
    expect(a).toEqual({ data: { space: { id: 'a' } } });
    expect(c).toEqual({ data: { space: { id: 'c' } } });
    expect(JSON.parse(JSON.stringify(b))).toEqual({
      data: { space: null },
      errors: [{ message: 'no b', path: ['space'], extensions: { code: 'SPACE_NOT_FOUND' } }],
    });
  });

  it('when the failed field cannot be told, every caller of that field gets the error; none throws', async () => {
    // Two fields fail, both errors say only ["space"]: each failed caller gets both, the others none.
    const upstream = fakeUpstream(spacesAnswer(new Set(['a', 'c']), () => ['space']));
    const batching = createBatchingExecutor(upstream.executor);
    const context = {};
    const [a, b, c] = (await Promise.all(
      ['a', 'b', 'c'].map((id) => batching(space(id, context))),
    )) as ExecutionResult[];
    expect(a?.errors?.map((e) => e.message)).toEqual(['no a', 'no c']);
    expect(c?.errors?.map((e) => e.message)).toEqual(['no a', 'no c']);
    expect(b).toEqual({ data: { space: { id: 'b' } } });
  });

  it('an error path naming no field of the batch goes to every caller, without a path', async () => {
    const upstream = fakeUpstream(spacesAnswer(new Set(['a']), () => ['somethingElse', 0]));
    const batching = createBatchingExecutor(upstream.executor);
    const context = {};
    const results = (await Promise.all(
      ['a', 'b'].map((id) => batching(space(id, context))),
    )) as ExecutionResult[];
    for (const result of results) {
      expect(result.errors?.map((e) => [e.message, e.path])).toEqual([['no a', undefined]]);
    }
    expect(results[1]?.data).toEqual({ space: { id: 'b' } });
  });

  it('a batch of one keeps its own error path', async () => {
    const upstream = fakeUpstream(spacesAnswer(new Set(['a']), () => ['space']));
    const result = (await createBatchingExecutor(upstream.executor)(space('a', {}))) as ExecutionResult;
    expect(result.errors?.[0]?.path).toEqual(['space']);
    expect(upstream.seen[0]).not.toContain('_v0_');
  });

  it('counts root fields, not requests: requests that together exceed maxBatchSize fields go apart', async () => {
    // An entity batch is one request of many `space` fields (src/subgraph/spaces-by-ids.ts).
    const many = (ids: string[], context: object): ExecutionRequest => ({
      document: parse(`{ ${ids.map((id, i) => `e${i}: space(id: "${id}") { id }`).join(' ')} }`),
      operationType: 'query' as never,
      context,
    });
    const upstream = fakeUpstream(() => ({ data: {} }));
    const batching = createBatchingExecutor(upstream.executor, { maxBatchSize: 10 });
    const six = ['a', 'b', 'c', 'd', 'e', 'f'];
    let context = {};
    await Promise.all([batching(many(six, context)), batching(many(six, context))]);
    expect(upstream.seen).toHaveLength(2);
    context = {};
    await Promise.all([
      batching(many(six.slice(0, 3), context)),
      batching(many(six.slice(3), context)),
      batching(space('g', context)),
    ]);
    expect(upstream.seen).toHaveLength(3);
    expect(upstream.seen[2]!.match(/space\(id:/g)).toHaveLength(7);
  });
});
