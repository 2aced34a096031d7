import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.ts';
import { type Stack, startStack } from '../helpers/stack.ts';

type Row = Record<string, unknown>;

describe('computed and space-scoped Space fields', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function measured<T = Row>(query: string, variables?: Record<string, unknown>) {
    const before = stack.sim.stats().graphqlRequests;
    const res = await stack.query<T>(query, variables);
    return { res, upstream: stack.sim.stats().graphqlRequests - before };
  }

  it('space-scoped fields use the Space’s own guid and equal the root operations called with it', async () => {
    const id = SEED.demoLiveSpaceIds[0]!;
    const guid = SEED.demoLiveSpaceGuids[0]!;
    const nested = await measured<{ space: Row }>(
      `query ($id: ID!) { space(id: $id) {
         environments { id name } integrationPackInstances { id } accounts(criteria: { operator: CONTAINS, argument: "" }) { id name }
       } }`,
      { id },
    );
    expect(nested.res.body.errors).toBeUndefined();
    // 1 request for the Space, 1 for its three space-scoped fields (same SPACE_GUID: merged).
    expect(nested.upstream).toBe(2);
    const root = await stack.query<Row>(
      `query ($g: ID!) { environments(spaceGuid: $g) { id name } integrationPackInstances(spaceGuid: $g) { id }
         spaceAccounts(spaceGuid: $g, criteria: { operator: CONTAINS, argument: "" }) { id name } }`,
      { g: guid },
    );
    expect(root.body.errors).toBeUndefined();
    expect(nested.res.body.data!.space).toEqual({
      environments: root.body.data!.environments,
      integrationPackInstances: root.body.data!.integrationPackInstances,
      accounts: root.body.data!.spaceAccounts,
    });
    expect((root.body.data!.environments as unknown[]).length).toBeGreaterThan(0);
  });

  it('spaces { environments } costs 1 + one request per distinct Space (23 Spaces → 24)', async () => {
    const { res, upstream } = await measured<{ spaces: Array<{ environments: unknown[] }> }>(
      '{ spaces { id environments { id } } }',
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.spaces).toHaveLength(23);
    expect(upstream).toBe(24);
  });

  it('three space-scoped fields over the list still cost 1 + 23: fields of one Space share a request', async () => {
    const { res, upstream } = await measured(
      '{ spaces { environments { id } integrationPackInstances { id } accounts { id } } }',
    );
    expect(res.body.errors).toBeUndefined();
    expect(upstream).toBe(24);
  });

  it('artifactListings (upstream takes the Space id, no SPACE_GUID) merge across Spaces: 23 Spaces → 2 requests', async () => {
    type Listed = { id: string; artifactListings: { numberOfResults: number; spaceArtifactsData: Row[] } };
    const { res, upstream } = await measured<{ spaces: Listed[] }>(
      '{ spaces { id artifactListings(type: INTEGRATION_PACK) { numberOfResults spaceArtifactsData { id spaceId } } } }',
    );
    expect(res.body.errors).toBeUndefined();
    expect(upstream).toBe(2);
    const [first] = res.body.data!.spaces as [Listed];
    const root = await stack.query<{ spaceArtifactListings: Row }>(
      `query ($id: ID!) { spaceArtifactListings(input: { spaceId: $id, spaceArtifactListingType: INTEGRATION_PACK }) {
         numberOfResults spaceArtifactsData { id spaceId } } }`,
      { id: first.id },
    );
    expect(first.artifactListings).toEqual(root.body.data!.spaceArtifactListings);
    expect(first.artifactListings.numberOfResults).toBeGreaterThan(0);
    for (const space of res.body.data!.spaces) {
      for (const listing of space.artifactListings.spaceArtifactsData) expect(listing.spaceId).toBe(space.id);
    }
  });

  it('counts and convenience fields equal what they are computed from', async () => {
    const id = SEED.demoLiveSpaceIds[0]!;
    const res = await stack.query<{ space: Row & { accountGroup: Row } }>(
      `query ($id: ID!) { space(id: $id) {
         sharedIpackCount catalogArtifactCount accountGroupId accountGroup { integrationPackCount }
         raw: sharedIpacks { id } catalogArtifacts { __typename } group: accountGroup { id integrationPacks { id } }
       } }`,
      { id },
    );
    expect(res.body.errors).toBeUndefined();
    const space = res.body.data!.space as {
      sharedIpackCount: number;
      catalogArtifactCount: number;
      accountGroupId: string;
      accountGroup: { integrationPackCount: number };
      raw: unknown[];
      catalogArtifacts: unknown[];
      group: { id: string; integrationPacks: unknown[] };
    };
    expect(space.sharedIpackCount).toBe(space.raw.length);
    expect(space.sharedIpackCount).toBeGreaterThan(0);
    expect(space.catalogArtifactCount).toBe(space.catalogArtifacts.length);
    expect(space.accountGroupId).toBe(space.group.id);
    expect(space.accountGroup.integrationPackCount).toBe(space.group.integrationPacks.length);
  });

  it('a computed field asked alone works, and an upstream refusal is reported at the computed field', async () => {
    const { res, upstream } = await measured<{ space: Row | null }>(
      'query ($id: ID!) { space(id: $id) { sharedIpackCount } }',
      { id: SEED.spaceWithoutOwnerInGroupId },
    );
    expect(upstream).toBe(1);
    expect(res.body.data).toEqual({ space: { sharedIpackCount: null } });
    expect(res.body.errors).toEqual([
      {
        message: expect.any(String),
        path: ['space', 'sharedIpackCount'],
        extensions: { code: 'UNAUTHORIZED', category: 'FORBIDDEN', retryable: false },
      },
    ]);
  });
});
