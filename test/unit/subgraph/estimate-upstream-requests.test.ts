/** The upstream cost estimate on the published schema, without a server (the e2e test measures it). */
import fc from 'fast-check';
import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { estimateUpstreamRequests } from '../../../src/subgraph/estimate-upstream-requests.ts';
import { fieldCost, UPSTREAM_FIELD_COSTS } from '../../../src/subgraph/upstream-cost.ts';

const schema = buildSchema(`
  type Query { spaces: [Space] space(id: ID!): Space environments(spaceGuid: ID!): [Environment]
    _entities(representations: [_Any!]!): [_Entity]! _service: Service }
  type Mutation { spaceUpdate(id: ID!): Space spaceDelete(id: ID!): Boolean }
  type Service { sdl: String }
  scalar _Any
  union _Entity = Space
  type Space { id: ID! environments: [Environment] accounts: [Environment] artifactListings: Listing theme: Theme }
  type Theme { logoUrl: String }
  type Listing { numberOfResults: Int }
  type Environment { id: ID }
`);
const estimate = (query: string, variables?: Record<string, unknown>, options = {}) =>
  estimateUpstreamRequests(schema, parse(query), variables, undefined, {
    assumedListSize: 10,
    maxBatchSize: 4,
    ...options,
  });

describe('estimateUpstreamRequests', () => {
  it.each([
    ['{ spaces { id theme { logoUrl } } }', 1],
    ['{ spaces { environments { id } } }', 11],
    ['{ spaces { environments { id } accounts { id } } }', 11],
    ['{ spaces { artifactListings { numberOfResults } } }', 1 + 3], // ⌈10 / 4⌉
    [
      '{ a: spaces { id } b: spaces { id } c: space(id: "1") { id } d: space(id: "2") { id } e: space(id: "3") { id } }',
      2,
    ],
    [
      '{ a: environments(spaceGuid: "g") { id } b: environments(spaceGuid: "g") { id } c: environments(spaceGuid: "h") { id } }',
      2,
    ],
    [
      'mutation { a: spaceDelete(id: "1") b: spaceDelete(id: "2") c: spaceUpdate(id: "3") { environments { id } } }',
      4,
    ],
    ['{ __typename _service { sdl } }', 0],
    ['{ spaces { ... on Space { environments { id } } } }', 11],
    ['query { spaces { ...F } } fragment F on Space { environments { id } }', 11],
    ['{ spaces @skip(if: true) { environments { id } } }', 0],
  ])('%s → %i', (query, expected) => {
    expect(estimate(query)).toBe(expected);
  });

  it('counts distinct guids and distinct entity ids from variables', () => {
    expect(
      estimate(
        'query ($g: ID!, $h: ID!) { a: environments(spaceGuid: $g) { id } b: environments(spaceGuid: $h) { id } }',
        { g: 'x', h: 'x' },
      ),
    ).toBe(1);
    const r = [1, 2, 3, 1, 2, 5].map((id) => ({ __typename: 'Space', id: String(id) }));
    expect(
      estimate(
        'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Space { environments { id } } } }',
        { r },
      ),
    ).toBe(
      1 + 4, // ⌈4 distinct / 4⌉ + one per distinct Space
    );
  });

  it('counting listed representations never estimates less than counting distinct ones (property)', () => {
    const queries = [
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Space { id } } }',
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Space { environments { id } artifactListings { numberOfResults } } } }',
      'query ($r: [_Any!]!) { a: _entities(representations: $r) { ... on Space { id } } b: _entities(representations: $r) { ... on Space { accounts { id } } } spaces { id } }',
    ];
    const representation = fc.oneof(
      fc.record({
        __typename: fc.constantFrom('Space', 'Other'),
        id: fc.constantFrom('1', '2', '3', '', '4'),
      }),
      fc.constantFrom(null, 'x', { id: '1' }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...queries), fc.array(representation, { maxLength: 30 }), (query, r) => {
        const listed = estimate(query, { r }, { entities: 'listed' });
        expect(listed).toBeGreaterThanOrEqual(estimate(query, { r }));
        expect(listed).toBe(
          estimate(query, { r: r.map((_, i) => ({ __typename: 'Space', id: String(i) })) }),
        );
      }),
      { seed: 20261203, numRuns: 500 },
    );
  });

  it('gives up (Infinity) on fragment fan-out instead of walking it', () => {
    const fragments = Array.from(
      { length: 20 },
      (_, i) => `fragment F${i} on Space { ...F${i + 1} ...F${i + 1} }`,
    ).join(' ');
    const query = `{ spaces { ...F0 } } ${fragments} fragment F20 on Space { id }`;
    expect(estimate(query)).toBe(Number.POSITIVE_INFINITY);
  });

  it('publishes the model per field', () => {
    expect(UPSTREAM_FIELD_COSTS['Space.environments']).toEqual({
      requests: 'per-space-guid',
      listSize: 'assumed',
    });
    expect(fieldCost('Query', 'environments')).toEqual({
      requests: 'per-space-guid',
      guidArgument: 'spaceGuid',
    });
    expect(fieldCost('Query', 'space')).toEqual({ requests: 'batched' });
    expect(fieldCost('Mutation', 'spaceDelete')).toEqual({ requests: 'per-call' });
    expect(fieldCost('Space', 'theme')).toEqual({ requests: 'free' });
  });
});
