import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.ts';

const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Space { id name } } }';

/** A cacheable read mix: the list, a lookup, nested fields with computed ones, an entity batch. */
function readMix(ids: string[]): Array<[string, Record<string, unknown>?]> {
  return [
    ['{ spaces { id name } }'],
    [`{ space(id: "${ids[0]}") { id name description } }`],
    ['{ spaces { id name guid createdAt accountGroup { id name } } }'],
    [ENTITIES, { r: ids.slice(0, 5).map((id) => ({ __typename: 'Space', id })) }],
  ];
}

async function upstreamRequestsFor(stack: Stack, rounds: number): Promise<number> {
  const list = await stack.query<{ spaces: Array<{ id: string }> }>('{ spaces { id } }');
  const mix = readMix(list.body.data!.spaces.map((s) => s.id));
  stack.sim.reset();
  for (let round = 0; round < rounds; round++) {
    for (const [query, variables] of mix) {
      const res = await stack.query(query, variables);
      expect(res.body.errors).toBeUndefined();
    }
  }
  return stack.sim.stats().graphqlRequests;
}

describe('response cache over the simulator (real HTTP)', () => {
  let cached: Stack;
  beforeAll(async () => {
    cached = await startStack({ env: { RESPONSE_CACHE: 'true' } });
  });
  afterAll(async () => {
    await cached?.close();
  });

  it('sends at least 10× fewer upstream requests for a cacheable read mix', async () => {
    const uncached = await startStack();
    try {
      const without = await upstreamRequestsFor(uncached, 12);
      const withCache = await upstreamRequestsFor(cached, 12);
      expect(without).toBe(48);
      expect(withCache).toBeLessThanOrEqual(4);
      expect(without / withCache).toBeGreaterThanOrEqual(10);
    } finally {
      await uncached.close();
    }
  });

  it('tells a gateway how long it may keep the answer, and how old it is', async () => {
    const query = '{ spaces { id description } }';
    const miss = await cached.query(query);
    expect(miss.headers.get('cache-control')).toBe('private, max-age=60');
    expect(miss.headers.get('age')).toBe('0');
    const hit = await cached.query(query);
    expect(hit.headers.get('cache-control')).toMatch(/^private, max-age=(59|60)$/);
    expect(hit.headers.get('age')).toMatch(/^[01]$/);
    expect(hit.text).toBe(miss.text);
    expect(hit.text).not.toContain('responseCache');
  });

  it('counts hits and misses in /metrics', async () => {
    const metrics = await (await fetch(`${cached.base}/metrics`)).text();
    expect(metrics).toMatch(/subgraph_response_cache_requests_total\{result="hit"\} [1-9]/);
    expect(metrics).toMatch(/subgraph_response_cache_requests_total\{result="miss"\} [1-9]/);
  });

  it('never stores a response holding a type whose TTL is 0 (RESPONSE_CACHE_TTLS), and says no-store', async () => {
    const stack = await startStack({ env: { RESPONSE_CACHE: 'true', RESPONSE_CACHE_TTLS: 'Space=0' } });
    try {
      stack.sim.reset();
      const first = await stack.query('{ spaces { id } }');
      await stack.query('{ spaces { id } }');
      expect(first.headers.get('cache-control')).toBe('no-store');
      expect(stack.sim.stats().requestsByOperation.spaces).toBe(2);
    } finally {
      await stack.close();
    }
  });

  it('evicts a Space and the lists holding it when we update or delete it', async () => {
    const list = await cached.query<{ spaces: Array<{ id: string; name: string }> }>(
      '{ spaces { id name } }',
    );
    const [first, second] = list.body.data!.spaces;
    const lookup = `{ space(id: "${first!.id}") { id name } }`;
    await cached.query(lookup);
    const renamed = `${first!.name.slice(0, 40)} (renamed)`;
    const update = await cached.query(
      'mutation ($id: ID!, $name: String!) { spaceUpdate(input: { id: $id, name: $name }) { id name } }',
      { id: first!.id, name: renamed },
    );
    expect(update.body.errors).toBeUndefined();
    const afterUpdate = await cached.query<{ spaces: Array<{ id: string; name: string }> }>(
      '{ spaces { id name } }',
    );
    expect(afterUpdate.body.data!.spaces.find((s) => s.id === first!.id)!.name).toBe(renamed);
    expect((await cached.query<{ space: { name: string } }>(lookup)).body.data!.space.name).toBe(renamed);

    const deleted = await cached.query(`mutation { spaceDelete(id: "${second!.id}") }`);
    expect(deleted.body.errors).toBeUndefined();
    const afterDelete = await cached.query<{ spaces: Array<{ id: string }> }>('{ spaces { id name } }');
    expect(afterDelete.body.data!.spaces.map((s) => s.id)).not.toContain(second!.id);
  });
});
