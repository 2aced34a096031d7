import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_CREDENTIALS } from '../../src/simulator/seed.ts';
import { type Stack, startStack } from '../helpers/stack.ts';

const SPACE_FIELDS = 'id name url guid createdAt modifiedAt createdDate accountGroup { id name }';

describe('subgraph over the simulator (real HTTP)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { INTROSPECTION: 'true' } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('lists the Spaces of the account, with computed fields', async () => {
    const res = await stack.query<{ spaces: Array<Record<string, unknown>> }>(
      `{ spaces { ${SPACE_FIELDS} } }`,
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const spaces = res.body.data!.spaces;
    expect(spaces.length).toBeGreaterThan(20);
    for (const space of spaces) {
      expect(space.guid).toBe(new URL(String(space.url)).searchParams.get('guid'));
      expect(space.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Date.parse(String(space.createdAt))).toBe(
        Date.parse(`${String(space.createdDate).replace(' ', 'T')}Z`),
      );
    }
  });

  it('fetches a computed field alone (its upstream field is fetched behind the scenes)', async () => {
    const res = await stack.query<{ spaces: Array<{ guid: string }> }>('{ spaces { guid } }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.spaces.every((s) => typeof s.guid === 'string' && s.guid.length > 0)).toBe(true);
  });

  it('publishes one space(id:) root field and no upper-case duplicate', async () => {
    const res = await stack.query<{ __schema: { queryType: { fields: Array<{ name: string }> } } }>(
      '{ __schema { queryType { fields { name } } } }',
    );
    const names = res.body.data!.__schema.queryType.fields.map((f) => f.name);
    expect(names).toContain('space');
    expect(names).not.toContain('Space');
  });

  it('normalizes an upstream business error, keeping the path and nothing else from upstream', async () => {
    const res = await stack.query(`{ space(id: "00000000-0000-4000-8000-000000000000") { id name } }`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ space: null });
    expect(res.body.errors).toHaveLength(1);
    const [error] = res.body.errors!;
    expect(error!.path).toEqual(['space']);
    expect(error!.extensions).toEqual({ code: 'SPACE_NOT_FOUND', category: 'NOT_FOUND', retryable: false });
    expect(res.text).not.toContain(stack.sim.url);
    expect(res.text).not.toContain('00000000-0000-4000-8000-000000000000');
  });

  it('sends space-scoped operations with the SPACE_GUID taken from our spaceGuid argument', async () => {
    const spaces = await stack.query<{ spaces: Array<{ guid: string }> }>('{ spaces { guid } }');
    const guid = spaces.body.data!.spaces[0]!.guid;
    const res = await stack.query<{ environments: Array<{ id: string; name: string }> }>(
      'query ($g: ID!) { environments(spaceGuid: $g) { id name classification } }',
      { g: guid },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.environments.length).toBeGreaterThan(0);
  });

  it('requires spaceGuid on space-scoped operations', async () => {
    const res = await stack.query('{ environments { id } }', undefined, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      category: 'BAD_USER_INPUT',
    });
  });

  it('merges same-tick root fields into one upstream request, but never across SPACE_GUIDs', async () => {
    const spaces = await stack.query<{ spaces: Array<{ id: string; guid: string }> }>(
      '{ spaces { id guid } }',
    );
    const [a, b, c] = spaces.body.data!.spaces;
    const before = stack.sim.stats().graphqlRequests;
    const merged = await stack.query(
      `{ a: space(id: "${a!.id}") { id } b: space(id: "${b!.id}") { id } c: space(id: "${c!.id}") { id } }`,
    );
    expect(merged.body.errors).toBeUndefined();
    expect(stack.sim.stats().graphqlRequests - before).toBe(1);

    const beforeScoped = stack.sim.stats().graphqlRequests;
    const scoped = await stack.query<Record<string, Array<{ id: string }>>>(
      `{ a: environments(spaceGuid: "${a!.guid}") { id } b: environments(spaceGuid: "${b!.guid}") { id }
         c: environments(spaceGuid: "${a!.guid}") { name } }`,
    );
    expect(scoped.body.errors).toBeUndefined();
    // Two distinct guids → two upstream requests (a and c share one).
    expect(stack.sim.stats().graphqlRequests - beforeScoped).toBe(2);
  });

  it('never merges mutations', async () => {
    const before = stack.sim.stats().graphqlRequests;
    const res = await stack.query(`mutation {
      a: spaceArtifactListingDelete(id: "does-not-exist-1", spaceArtifactListingType: INTEGRATION_PACK)
      b: spaceArtifactListingDelete(id: "does-not-exist-2", spaceArtifactListingType: INTEGRATION_PACK)
    }`);
    expect(res.body.errors?.length).toBe(2);
    expect(stack.sim.stats().graphqlRequests - before).toBe(2);
  });

  it('serves /health, /ready and /metrics', async () => {
    expect((await fetch(`${stack.base}/health`)).status).toBe(200);
    const ready = await fetch(`${stack.base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      ready: true,
      state: 'ready',
      checks: { auth: { ok: true }, graphql: { ok: true } },
    });
    const metrics = await (await fetch(`${stack.base}/metrics`)).text();
    expect(metrics).toMatch(
      /boomi_upstream_attempts_total\{operation="spaces",outcome="ok",account="default"\} \d+/,
    );
    expect(metrics).toMatch(/boomi_jwt_mints_total\{outcome="success",account="default"\} 1/);
    expect(metrics).toContain('boomi_upstream_attempt_duration_seconds_bucket');
    expect(metrics).not.toContain(DEFAULT_SANDBOX_CREDENTIALS.apiToken);
  });
});
