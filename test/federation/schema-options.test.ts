import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSubgraphSdl } from '../../scripts/print-subgraph-schema.ts';
import { SEED } from '../../src/simulator/seed.ts';
import { type Stack, startStack } from '../helpers/stack.ts';
import { composeSupergraph } from './helpers/gateways.ts';

/** Another team's subgraph with an unrelated `Environment` type (a deployment target). */
const DEPLOYMENTS_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Environment @key(fields: "id") { id: ID! region: String! name: String! }
  type Query { deploymentEnvironments: [Environment!]! }
`;

function composeWithDeployments(sdl: string) {
  return composeSupergraph([
    { name: 'spaces', url: 'http://127.0.0.1:1/graphql', sdl },
    { name: 'deployments', url: 'http://127.0.0.1:2/graphql', sdl: DEPLOYMENTS_SDL },
  ]);
}

describe('TYPE_PREFIX', () => {
  it('without a prefix, our Environment clashes with another subgraph’s unrelated Environment', async () => {
    const sdl = await renderSubgraphSdl();
    expect(() => composeWithDeployments(sdl)).toThrow(/Environment/);
  });

  it('with TYPE_PREFIX=Boomi every type but scalars and roots is renamed, and composition succeeds', async () => {
    const sdl = await renderSubgraphSdl({ typePrefix: 'Boomi' });
    expect(sdl).toContain('type BoomiSpace @key(fields: "id") {');
    expect(sdl).toContain('type BoomiEnvironment @key(fields: "id") @shareable {');
    expect(sdl).toContain('type BoomiAccountGroup @key(fields: "id") @shareable {');
    expect(sdl).toContain('enum BoomiClassification {');
    expect(sdl).toContain('input BoomiSpaceCreateInput {');
    expect(sdl).toContain('scalar DateTime');
    expect(sdl).toContain('scalar Upload');
    expect(sdl).toContain('type Query {');
    expect(sdl).not.toMatch(/^(type|enum|input|union) (?!Boomi|Query\b|Mutation\b)/m);
    const { hints } = composeWithDeployments(sdl);
    expect(hints).toEqual([]);
  });
});

describe('READ_ONLY', () => {
  it('publishes no Mutation type and none of the types only mutations used', async () => {
    const sdl = await renderSubgraphSdl({ readOnly: true });
    expect(sdl).not.toContain('Mutation');
    expect(sdl).not.toContain('SpaceCreateInput');
    expect(sdl).not.toContain('scalar Upload');
    expect(sdl).toContain('type Space @key(fields: "id") {');
    expect(() =>
      composeSupergraph([{ name: 'spaces', url: 'http://127.0.0.1:1/graphql', sdl }]),
    ).not.toThrow();
  });
});

describe('TYPE_PREFIX=Boomi and READ_ONLY=true on a running subgraph', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { TYPE_PREFIX: 'Boomi', READ_ONLY: 'true' } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('serves the prefixed schema, entities by the prefixed __typename, and its computed fields', async () => {
    const [id] = SEED.demoLiveSpaceIds as [string];
    const before = stack.sim.stats().graphqlRequests;
    const res = await stack.query<{ _entities: Array<Record<string, unknown>> }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) {
         __typename ... on BoomiSpace { id guid environments { __typename id } accountGroup { __typename id } }
       } }`,
      { r: [{ __typename: 'BoomiSpace', id }] },
    );
    expect(res.body.errors).toBeUndefined();
    const [entity] = res.body.data!._entities as [Record<string, unknown>];
    expect(entity.__typename).toBe('BoomiSpace');
    expect(entity.id).toBe(id);
    expect(entity.guid).toBe(SEED.demoLiveSpaceGuids[0]);
    expect((entity.environments as Array<{ __typename: string }>)[0]?.__typename).toBe('BoomiEnvironment');
    expect((entity.accountGroup as { __typename: string }).__typename).toBe('BoomiAccountGroup');
    expect(stack.sim.stats().graphqlRequests - before).toBe(2);

    const sdl = await stack.query<{ _service: { sdl: string } }>('{ _service { sdl } }');
    expect(sdl.body.data!._service.sdl).toBe(
      await renderSubgraphSdl({ typePrefix: 'Boomi', readOnly: true }),
    );
  });

  it('rejects any mutation with GRAPHQL_VALIDATION_FAILED, without calling the upstream', async () => {
    const before = stack.sim.stats().graphqlRequests;
    const res = await stack.query('mutation { spaceDelete(id: "x") }', undefined, {
      headers: { accept: 'application/graphql-response+json' },
    });
    // graphql-js 16 reports a missing root type when executing, not while validating.
    expect(res.body).toEqual({
      data: null,
      errors: [
        {
          message: 'Schema is not configured to execute mutation operation.',
          locations: [{ line: 1, column: 1 }],
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED', category: 'BAD_USER_INPUT', retryable: false },
        },
      ],
    });
    expect(stack.sim.stats().graphqlRequests - before).toBe(0);
  });
});

describe('BOOMI_SPACE_QUERY_FIELD=Space (upstream spells the lookup Space)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      sim: { spaceQueryFields: ['Space'] },
      env: { BOOMI_SPACE_QUERY_FIELD: 'Space' },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('resolves Space entities through the upper-case upstream field, still one request', async () => {
    const ids = SEED.demoLiveSpaceIds.slice(0, 5);
    const before = stack.sim.stats().graphqlRequests;
    const res = await stack.query<{ _entities: Array<{ id: string; guid: string }> }>(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Space { id guid } } }',
      { r: ids.map((id) => ({ __typename: 'Space', id })) },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!._entities).toEqual(ids.map((id, i) => ({ id, guid: SEED.demoLiveSpaceGuids[i] })));
    expect(stack.sim.stats().graphqlRequests - before).toBe(1);
    expect(stack.sim.stats().requestsByOperation.Space).toBeGreaterThan(0);
    expect(stack.sim.stats().requestsByOperation.space ?? 0).toBe(0);
  });
});
