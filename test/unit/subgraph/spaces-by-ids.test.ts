import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import { execute, GraphQLError, type GraphQLSchema, parse, print } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSpacesSchema } from '../../../src/subgraph/build-spaces-schema.ts';
import { loadUpstreamSchema } from '../../../src/subgraph/load-upstream-schema.ts';
import { listResult, SPACES_BY_IDS_FIELD, spacesByIdsExecutor } from '../../../src/subgraph/spaces-by-ids.ts';

const SNAPSHOT = new URL('../../../schema/boomi-spaces.graphql', import.meta.url).pathname;
const MISSING = 'no-such-space';

/**
 * A fake Boomi behind no batching router: every executor call is one upstream request. Answers each
 * aliased `space`/`Space` lookup with a Space (none for {@link MISSING}), and records the documents.
 */
function fakeBoomi() {
  const documents: string[] = [];
  const executor: Executor = async (request: ExecutionRequest): Promise<ExecutionResult> => {
    const text = print(request.document);
    documents.push(text);
    const data: Record<string, unknown> = {};
    const errors: GraphQLError[] = [];
    for (const [, alias, variable] of text.matchAll(/(\w+): [sS]pace\(id: \$(\w+)\)/g)) {
      const id = request.variables?.[variable!] as string;
      if (id === MISSING) {
        data[alias!] = null;
        errors.push(new GraphQLError('The Space was not found.', { path: [alias!] }));
      } else {
        data[alias!] = {
          id,
          name: `name of ${id}`,
          url: `https://x.test/s?guid=g-${id}`,
          __typename: 'Space',
        };
      }
    }
    return errors.length > 0 ? { data, errors } : { data };
  };
  return { executor, documents };
}

const ENTITIES = parse(/* GraphQL */ `
  query ($r: [_Any!]!) {
    _entities(representations: $r) { __typename ... on Space { id name } }
  }
`);

describe('Space entity batches: one delegation, one upstream document', () => {
  let upstreamSchema: GraphQLSchema;
  beforeAll(async () => {
    upstreamSchema = await loadUpstreamSchema({ source: 'snapshot', path: SNAPSHOT });
  });

  it('sends 100 representations of 23 ids as ONE upstream request of 23 aliased space(id:) fields', async () => {
    const boomi = fakeBoomi();
    const schema = buildSpacesSchema({ upstreamSchema, executor: boomi.executor });
    const ids = Array.from({ length: 23 }, (_, i) => `s${i}`);
    const r = Array.from({ length: 100 }, (_, i) => ({ __typename: 'Space', id: ids[i % 23] }));
    const result = await execute({ schema, document: ENTITIES, variableValues: { r }, contextValue: {} });
    expect(result.errors).toBeUndefined();
    expect((result.data!._entities as Array<{ id: string }>).map((e) => e.id)).toEqual(r.map((x) => x.id));
    expect(boomi.documents).toHaveLength(1);
    expect(boomi.documents[0]!.match(/ space\(id: \$id\d+\)/g)).toHaveLength(23);
  });

  it('puts a missing id at its own index; the others keep their data', async () => {
    const boomi = fakeBoomi();
    const schema = buildSpacesSchema({ upstreamSchema, executor: boomi.executor });
    const r = ['a', MISSING, 'b'].map((id) => ({ __typename: 'Space', id }));
    const result = await execute({ schema, document: ENTITIES, variableValues: { r }, contextValue: {} });
    expect(result.data?._entities).toEqual([
      { __typename: 'Space', id: 'a', name: 'name of a' },
      null,
      { __typename: 'Space', id: 'b', name: 'name of b' },
    ]);
    expect(result.errors?.map((e) => [e.message, e.path])).toEqual([
      ['The Space was not found.', ['_entities', 1]],
    ]);
    expect(boomi.documents).toHaveLength(1);
  });

  it('with TYPE_PREFIX and the upper-case Space field: upstream names, computed fields fetch their sources', async () => {
    const boomi = fakeBoomi();
    const schema = buildSpacesSchema({
      upstreamSchema,
      executor: boomi.executor,
      typePrefix: 'Boomi',
      spaceQueryField: 'Space',
    });
    const document = parse(`query ($r: [_Any!]!) {
      _entities(representations: $r) { ... on BoomiSpace { __typename id guid } }
    }`);
    const r = ['a', 'b'].map((id) => ({ __typename: 'BoomiSpace', id }));
    const result = await execute({ schema, document, variableValues: { r }, contextValue: {} });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      { __typename: 'BoomiSpace', id: 'a', guid: 'g-a' },
      { __typename: 'BoomiSpace', id: 'b', guid: 'g-b' },
    ]);
    expect(boomi.documents).toHaveLength(1);
    expect(boomi.documents[0]).toMatch(/e1: Space\(id: \$id1\) \{[^}]*url/);
    expect(boomi.documents[0]).not.toContain('BoomiSpace');
  });

  it('spacesByIds (the stitching merge field) takes the same path', async () => {
    const boomi = fakeBoomi();
    const schema = buildSpacesSchema({ upstreamSchema, executor: boomi.executor });
    const document = parse('{ spacesByIds(ids: ["a", "no-such-space", "b"]) { id } }');
    const result = await execute({ schema, document, contextValue: {} });
    expect(result.data).toEqual({ spacesByIds: [{ id: 'a' }, null, { id: 'b' }] });
    expect(result.errors?.map((e) => e.path)).toEqual([['spacesByIds', 1]]);
    expect(boomi.documents).toHaveLength(1);
  });
});

describe('spacesByIdsExecutor', () => {
  const delegated = (ids: string[]): ExecutionRequest => ({
    document: parse(`query ($_v0_ids: [ID!]!, $id: ID) { ${SPACES_BY_IDS_FIELD}(ids: $_v0_ids) { id } }`),
    variables: { _v0_ids: ids, id: 'client variable' },
  });

  it('reuses the aliased document for a repeated shape (counted), with the new ids as variables', async () => {
    const events: Array<[number, boolean]> = [];
    const seen: ExecutionRequest[] = [];
    const executor = spacesByIdsExecutor(
      (async (request: ExecutionRequest): Promise<ExecutionResult> => {
        seen.push(request);
        return { data: { e0: { id: request.variables?._id0 }, e1: { id: request.variables?._id1 } } };
      }) as Executor,
      { onExpand: (ids, reused) => events.push([ids, reused]) },
    );
    const first = await executor(delegated(['a', 'b']));
    const second = await executor(delegated(['c', 'd']));
    expect(events).toEqual([
      [2, false],
      [2, true],
    ]);
    expect(seen[1]!.document).toBe(seen[0]!.document);
    // `$id` is the client's own variable: the per-id variables take a prefix no variable starts with.
    expect(seen[1]!.variables).toEqual({ id: 'client variable', _id0: 'c', _id1: 'd' });
    expect(first).toEqual({ data: { [SPACES_BY_IDS_FIELD]: [{ id: 'a' }, { id: 'b' }] } });
    expect(second).toEqual({ data: { [SPACES_BY_IDS_FIELD]: [{ id: 'c' }, { id: 'd' }] } });
  });

  it('keeps at most cacheSize shapes (least recently used out) and never caches a long document', async () => {
    const events: boolean[] = [];
    const executor = spacesByIdsExecutor((async (): Promise<ExecutionResult> => ({ data: {} })) as Executor, {
      cacheSize: 2,
      maxCachedLength: 200,
      onExpand: (_ids, reused) => events.push(reused),
    });
    const shape = (selection: string): ExecutionRequest => ({
      document: parse(`query ($ids: [ID!]!) { ${SPACES_BY_IDS_FIELD}(ids: $ids) { ${selection} } }`),
      variables: { ids: ['a'] },
    });
    for (const selection of ['id', 'name', 'id', 'url', 'name', 'id', 'x'.repeat(200), 'x'.repeat(200)]) {
      await executor(shape(selection));
    }
    // id, name: new; id: hit; url: new (evicts name); name: new (evicts id); id: new; long: never cached.
    expect(events).toEqual([false, false, true, false, false, false, false, false]);
  });

  it('passes other requests through untouched', async () => {
    const request: ExecutionRequest = { document: parse('{ spaces { id } }') };
    const executor = spacesByIdsExecutor(
      (async (r: ExecutionRequest): Promise<ExecutionResult> => ({
        data: { same: r === request },
      })) as Executor,
    );
    expect(await executor(request)).toEqual({ data: { same: true } });
  });
});

describe('listResult', () => {
  const error = (message: string, path?: Array<string | number>) =>
    new GraphQLError(message, path ? { path } : {});

  it('moves alias errors to their index, with the rest of the path', () => {
    const result = listResult(
      { data: { e0: { id: 'a' }, e1: { id: 'b', x: null } }, errors: [error('x failed', ['e1', 'x'])] },
      2,
    );
    expect(result.data).toEqual({ [SPACES_BY_IDS_FIELD]: [{ id: 'a' }, { id: 'b', x: null }] });
    expect(result.errors?.map((e) => e.path)).toEqual([[SPACES_BY_IDS_FIELD, 1, 'x']]);
  });

  it('gives an error naming the field (not the alias) or nothing to each null item without its own error', () => {
    const result = listResult(
      {
        data: { e0: null, e1: { id: 'b' }, e2: null, e3: null },
        errors: [error('own', ['e3']), error('named by field', ['space']), error('no path')],
      },
      4,
    );
    expect(result.errors?.map((e) => [e.message, e.path])).toEqual([
      ['own', [SPACES_BY_IDS_FIELD, 3]],
      ['named by field', [SPACES_BY_IDS_FIELD, 0]],
      ['named by field', [SPACES_BY_IDS_FIELD, 2]],
      ['no path', [SPACES_BY_IDS_FIELD, 0]],
      ['no path', [SPACES_BY_IDS_FIELD, 2]],
    ]);
  });

  it('keeps an error it cannot place when every item has data, and fills a failed request with nulls', () => {
    const kept = listResult({ data: { e0: { id: 'a' } }, errors: [error('warning')] }, 1);
    expect(kept.errors?.map((e) => [e.message, e.path])).toEqual([['warning', undefined]]);
    const failed = listResult({ data: null, errors: [error('down')] }, 2);
    expect(failed.data).toEqual({ [SPACES_BY_IDS_FIELD]: [null, null] });
    expect(failed.errors?.map((e) => e.path)).toEqual([
      [SPACES_BY_IDS_FIELD, 0],
      [SPACES_BY_IDS_FIELD, 1],
    ]);
  });
});
