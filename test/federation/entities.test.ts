import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.ts';
import { type Stack, startStack } from '../helpers/stack.ts';

const ENTITIES = /* GraphQL */ `
  query ($r: [_Any!]!) {
    _entities(representations: $r) { __typename ... on Space { id name } }
  }
`;

const spaceRef = (id: string) => ({ __typename: 'Space', id });
type Entities = { _entities: Array<Record<string, unknown> | null> };

/** Upstream HTTP requests the simulator saw while `run` ran. */
async function countUpstream<T>(
  stack: Stack,
  run: () => Promise<T>,
): Promise<{ result: T; upstream: number }> {
  const before = stack.sim.stats().graphqlRequests;
  const result = await run();
  return { result, upstream: stack.sim.stats().graphqlRequests - before };
}

describe('federation subgraph: _service and _entities', () => {
  let stack: Stack;
  let names: Map<string, string>;
  beforeAll(async () => {
    stack = await startStack({ env: { ENTITY_MAX_BATCH_SIZE: '10' } });
    const res = await stack.query<{ spaces: Array<{ id: string; name: string }> }>('{ spaces { id name } }');
    names = new Map(res.body.data!.spaces.map((s) => [s.id, s.name]));
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('publishes schema/subgraph.graphql through _service { sdl }, with one federation @link', async () => {
    const res = await stack.query<{ _service: { sdl: string } }>('{ _service { sdl } }');
    expect(res.body.errors).toBeUndefined();
    const sdl = res.body.data!._service.sdl;
    expect(sdl).toBe(readFileSync(new URL('../../schema/subgraph.graphql', import.meta.url), 'utf8'));
    expect(sdl.match(/@link\(/g)).toHaveLength(1);
    expect(sdl).toContain(
      '@link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@cost", "@key", "@listSize", "@shareable", "FieldSet"])',
    );
    expect(sdl).toContain('type Space @key(fields: "id") {');
    expect(sdl).toContain('type AccountGroup @key(fields: "id") @shareable {');
    expect(sdl).toContain('type Environment @key(fields: "id") @shareable {');
    // The federation plumbing is not part of the published SDL.
    expect(sdl).not.toMatch(/_entities|_service|_Any|_Entity|_Service/);
  });

  it('resolves N Space representations with one upstream request, duplicates fetched once', async () => {
    const ids = SEED.demoLiveSpaceIds.slice(0, 8);
    const reps = [...ids, ids[0]!, ids[3]!].map(spaceRef);
    const { result, upstream } = await countUpstream(stack, () =>
      stack.query<Entities>(ENTITIES, { r: reps }),
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data!._entities).toEqual(
      [...ids, ids[0]!, ids[3]!].map((id) => ({ __typename: 'Space', id, name: names.get(id) })),
    );
    expect(upstream).toBe(1);
  });

  it('splits larger batches at ENTITY_MAX_BATCH_SIZE: 23 ids with max 10 → 3 upstream requests', async () => {
    const reps = SEED.demoLiveSpaceIds.map(spaceRef);
    expect(reps).toHaveLength(23);
    const { result, upstream } = await countUpstream(stack, () =>
      stack.query<Entities>(ENTITIES, { r: reps }),
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data!._entities.map((e) => e?.id)).toEqual(SEED.demoLiveSpaceIds);
    expect(upstream).toBe(3);
  });

  it('returns null with a normalized error at its own path for a missing or deleted id; the rest resolve', async () => {
    const [a, b] = SEED.demoLiveSpaceIds as [string, string];
    const missing = '00000000-0000-4000-8000-000000000000';
    const reps = [a, missing, b, SEED.deletedSpaceId].map(spaceRef);
    const { result, upstream } = await countUpstream(stack, () =>
      stack.query<Entities>(ENTITIES, { r: reps }),
    );
    expect(upstream).toBe(1);
    expect(result.body.data!._entities).toEqual([
      { __typename: 'Space', id: a, name: names.get(a) },
      null,
      { __typename: 'Space', id: b, name: names.get(b) },
      null,
    ]);
    expect(result.body.errors).toEqual([
      {
        message: 'The Space was not found.',
        path: ['_entities', 1],
        extensions: { code: 'SPACE_NOT_FOUND', category: 'NOT_FOUND', retryable: false },
      },
      {
        message: expect.any(String),
        path: ['_entities', 3],
        extensions: { code: 'SPACE_IS_DELETED', category: 'NOT_FOUND', retryable: false },
      },
    ]);
    expect(result.text).not.toContain(missing);
  });

  it('returns null with UNAUTHORIZED for a Space of another account', async () => {
    const [a] = SEED.demoLiveSpaceIds as [string];
    const res = await stack.query<Entities>(ENTITIES, { r: [SEED.otherAccountSpaceId, a].map(spaceRef) });
    expect(res.body.data!._entities).toEqual([null, { __typename: 'Space', id: a, name: names.get(a) }]);
    expect(res.body.errors?.map((e) => [e.path, e.extensions])).toEqual([
      [['_entities', 0], { code: 'UNAUTHORIZED', category: 'FORBIDDEN', retryable: false }],
    ]);
  });

  it('rejects a representation of a type it does not resolve, at that representation only', async () => {
    const [a] = SEED.demoLiveSpaceIds as [string];
    const res = await stack.query<Entities>(ENTITIES, {
      r: [spaceRef(a), { __typename: 'Atom', id: 'x' }, { __typename: 'Space' }],
    });
    expect(res.body.data!._entities).toEqual([
      { __typename: 'Space', id: a, name: names.get(a) },
      null,
      null,
    ]);
    expect(res.body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['_entities', 1], 'BAD_USER_INPUT'],
      [['_entities', 2], 'BAD_USER_INPUT'],
    ]);
  });

  it('resolves computed and space-scoped fields on entities (their upstream fields fetched behind the scenes)', async () => {
    const ids = SEED.demoLiveSpaceIds.slice(0, 3);
    const guids = SEED.demoLiveSpaceGuids.slice(0, 3);
    const { result, upstream } = await countUpstream(stack, () =>
      stack.query<{
        _entities: Array<{ guid: string; createdAt: string; environments: Array<{ id: string }> }>;
      }>(
        `query ($r: [_Any!]!) { _entities(representations: $r) {
           ... on Space { guid createdAt isModified environments { id name } }
         } }`,
        { r: ids.map(spaceRef) },
      ),
    );
    expect(result.body.errors).toBeUndefined();
    const entities = result.body.data!._entities;
    expect(entities.map((e) => e.guid)).toEqual(guids);
    for (const entity of entities) {
      expect(entity.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(entity.environments.length).toBeGreaterThan(0);
    }
    // 1 request for the three Spaces, then 1 per distinct SPACE_GUID for environments.
    expect(upstream).toBe(1 + 3);
  });

  it('resolves two aliased _entities fields of one request in one upstream request', async () => {
    const [a, b, c] = SEED.demoLiveSpaceIds as [string, string, string];
    const { result, upstream } = await countUpstream(stack, () =>
      stack.query<Record<string, Array<Record<string, unknown>>>>(
        `query ($x: [_Any!]!, $y: [_Any!]!) {
           x: _entities(representations: $x) { ... on Space { id } }
           y: _entities(representations: $y) { ... on Space { name } }
         }`,
        { x: [a, b].map(spaceRef), y: [b, c].map(spaceRef) },
      ),
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({
      x: [{ id: a }, { id: b }],
      y: [{ name: names.get(b) }, { name: names.get(c) }],
    });
    expect(upstream).toBe(1);
  });

  it('reports entity batch sizes and upstream requests per operation in /metrics', async () => {
    const metrics = await (await fetch(`${stack.base}/metrics`)).text();
    // Batches so far: 8 (+2 dups) → 8; 23 → 10, 10, 3; 4; 2; 1 valid; 3; two fields → 2 + 2.
    expect(metrics).toMatch(/subgraph_batch_size_count\{kind="entities"\} 10\n/);
    expect(metrics).toMatch(/subgraph_batch_size_sum\{kind="entities"\} 45\n/);
    expect(metrics).toMatch(/subgraph_upstream_requests_per_operation_count \d+/);
  });
});
