import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../helpers/redis-server.ts';
import { type Stack, startStack } from '../helpers/stack.ts';

describe('response cache in Redis, shared by two replicas (real HTTP, real redis-server)', () => {
  let redis: RedisServer;
  let replicas: Stack[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
    const env = { RESPONSE_CACHE: 'true', REDIS_URL: redis.url };
    replicas = [await startStack({ env }), await startStack({ env })];
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await redis?.stop();
  });

  it('answers a replica from the entry another replica stored, and evicts for both on a mutation', async () => {
    const [a, b] = replicas as [Stack, Stack];
    const query = '{ spaces { id name } }';
    const fromA = await a.query<{ spaces: Array<{ id: string; name: string }> }>(query);
    b.sim.reset();
    const fromB = await b.query(query);
    expect(fromB.text).toBe(fromA.text);
    expect(b.sim.stats().graphqlRequests).toBe(0);
    expect(fromB.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);

    // Each replica has its own simulator here; the rename goes through A, B must not serve the old list.
    const space = fromA.body.data!.spaces[0]!;
    await a.query(
      'mutation ($id: ID!, $name: String!) { spaceUpdate(input: { id: $id, name: $name }) { id name } }',
      {
        id: space.id,
        name: `${space.name.slice(0, 40)} (renamed)`,
      },
    );
    await b.query(query);
    expect(b.sim.stats().graphqlRequests).toBe(1);
  });

  it("answers an `_entities` batch on one replica from the Spaces another replica's batches stored", async () => {
    const [a, b] = replicas as [Stack, Stack];
    const entities =
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Space { id name description } } }';
    const list = await a.query<{ spaces: Array<{ id: string }> }>('{ spaces { id } }');
    const [first, second, third] = list.body.data!.spaces.map((s) => ({ __typename: 'Space', id: s.id }));
    await a.query(entities, { r: [first, second] });
    await a.query(entities, { r: [third] });
    b.sim.reset();
    // Another set and order than either batch A sent: no whole response matches, every Space does.
    const fromB = await b.query(entities, { r: [third, first, second] });
    expect(fromB.body.errors).toBeUndefined();
    expect((fromB.body.data as { _entities: Array<{ id: string }> })._entities.map((s) => s.id)).toEqual(
      [third, first, second].map((r) => r!.id),
    );
    expect(b.sim.stats().graphqlRequests).toBe(0);
  });

  it('keeps answering, without the cache, while Redis is down', async () => {
    const [a] = replicas as [Stack];
    await redis.stop();
    const res = await a.query('{ spaces { id description } }');
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const metrics = await (await fetch(`${a.base}/metrics`)).text();
    expect(metrics).toMatch(/subgraph_response_cache_store_errors_total\{operation="get"\} [1-9]/);
  });
});
