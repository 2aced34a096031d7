import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.ts';
import { createUpstreamTap, type UpstreamTap } from '../helpers/upstream-tap.ts';

// Per-entity entries of the response cache (src/cache/entity-cache.ts): an `_entities` call with
// another set of representations is answered Space by Space from the cache, and only the Spaces it
// has no entry for go upstream. Real HTTP to the simulator, through a tap that records what is sent.

const ENTITIES =
  'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Space { id name accountGroup { id name } } } }';
const refs = (ids: readonly string[]) => ids.map((id) => ({ __typename: 'Space', id }));

interface Fixture {
  stack: Stack;
  tap: UpstreamTap;
  ids: string[];
}

async function start(env: Record<string, string>): Promise<Fixture> {
  const tap = createUpstreamTap();
  const stack = await startStack({
    env: { RESPONSE_CACHE: 'true', ...env },
    server: { upstreamFetch: tap.fetch },
  });
  const list = await stack.query<{ spaces: Array<{ id: string }> }>('{ spaces { id } }');
  return { stack, tap, ids: list.body.data!.spaces.map((s) => s.id) };
}

/** The Space ids the calls from `from` on looked up upstream (the batch's `space(id:)` variables). */
function lookedUp(fixture: Fixture, from: number): string[] {
  const known = new Set(fixture.ids);
  return fixture.tap.calls.slice(from).flatMap((call) => {
    const body = JSON.parse(call.requestBody) as { variables?: Record<string, unknown> };
    return Object.values(body.variables ?? {}).filter(
      (v): v is string => typeof v === 'string' && known.has(v),
    );
  });
}

/** Runs `_entities` for `ids` and returns what went upstream for it, and the response. */
async function entities(fixture: Fixture, ids: readonly string[]) {
  const from = fixture.tap.calls.length;
  const response = await fixture.stack.query(ENTITIES, { r: refs(ids) });
  return { sent: lookedUp(fixture, from), calls: fixture.tap.calls.length - from, response };
}

describe.each([
  ['the pass-through fast path', {}],
  ['the normal path', { UPSTREAM_PASS_THROUGH: 'false' }],
])('per-entity entries of the response cache, through %s', (_name, env) => {
  let fixture: Fixture;
  let reference: Stack;
  beforeAll(async () => {
    fixture = await start(env);
    reference = await startStack({ env });
  });
  afterAll(async () => {
    await fixture?.stack.close();
    await reference?.close();
  });

  it('sends only the Spaces it has no entry for, and answers as without the cache', async () => {
    const [a, b, c, d] = fixture.ids as [string, string, string, string];
    expect((await entities(fixture, [a, b])).sent.sort()).toEqual([a, b].sort());
    const second = await entities(fixture, [b, c]);
    expect(second.sent).toEqual([c]);
    const third = await entities(fixture, [c, a, b]);
    expect(third.calls).toBe(0);
    const fourth = await entities(fixture, [d, b, a, d]);
    expect(fourth.sent).toEqual([d]);
    for (const [answer, ids] of [
      [second, [b, c]],
      [third, [c, a, b]],
      [fourth, [d, b, a, d]],
    ] as const) {
      expect(answer.response.body.errors).toBeUndefined();
      const plain = await reference.query(ENTITIES, { r: refs(ids) });
      expect(answer.response.body).toEqual(plain.body);
    }
  });

  it('goes upstream again for a Space we updated, and answers with the new name', async () => {
    const [a, b] = fixture.ids.slice(-2) as [string, string];
    await entities(fixture, [a, b]);
    const update = await fixture.stack.query(
      'mutation ($id: ID!, $name: String!) { spaceUpdate(input: { id: $id, name: $name }) { id name } }',
      { id: a, name: 'renamed through the subgraph' },
    );
    expect(update.body.errors).toBeUndefined();
    const after = await entities(fixture, [b, a]);
    expect(after.sent).toEqual([a]);
    const names = (after.response.body.data as { _entities: Array<{ id: string; name: string }> })._entities;
    expect(names.find((s) => s.id === a)!.name).toBe('renamed through the subgraph');
  });

  it('keeps no entry for a Space that came back with an error', async () => {
    const [a] = fixture.ids as [string];
    const missing = 'no-such-space-0000';
    const first = await entities(fixture, [a, missing]);
    expect(first.response.body.errors?.[0]?.extensions?.code).toBe('SPACE_NOT_FOUND');
    const again = await entities(fixture, [missing, a]);
    expect(again.calls).toBe(1);
    expect(again.response.body.errors?.[0]?.extensions?.code).toBe('SPACE_NOT_FOUND');
    expect(again.response.body.errors?.[0]?.path).toEqual(['_entities', 0]);
  });
});

/** A gateway's `_entities` traffic: `calls` batches of `size` distinct Spaces each, in a seeded order. */
function gatewayMix(ids: readonly string[], calls: number, size: number, seed: number): string[][] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length: calls }, () => {
    const pool = [...ids];
    return Array.from({ length: size }, () => pool.splice(Math.floor(next() * pool.length), 1)[0]!);
  });
}

/** Space lookups and upstream requests the mix costs a stack. */
async function costOf(fixture: Fixture, mix: readonly string[][]) {
  let lookups = 0;
  let requests = 0;
  for (const ids of mix) {
    const { sent, calls, response } = await entities(fixture, ids);
    expect(response.body.errors).toBeUndefined();
    lookups += sent.length;
    requests += calls;
  }
  return { lookups, requests };
}

describe('per-entity entries: configuration and metrics', () => {
  it("looks each Space up once for a gateway's mix of representation sets", async () => {
    const withEntries = await start({});
    const wholeOnly = await start({ RESPONSE_CACHE_TTLS: 'Query._entities=0' });
    try {
      const mix = gatewayMix(withEntries.ids, 40, 5, 20261202);
      const on = await costOf(withEntries, mix);
      const off = await costOf(wholeOnly, mix);
      expect(off).toEqual({ lookups: 200, requests: 40 });
      expect(on.lookups).toBe(new Set(mix.flat()).size);
      expect(on.requests).toBeLessThan(off.requests / 3);
    } finally {
      await withEntries.stack.close();
      await wholeOnly.stack.close();
    }
  });

  it('keeps none when Query._entities has a TTL of 0', async () => {
    const fixture = await start({ RESPONSE_CACHE_TTLS: 'Query._entities=0' });
    try {
      const [a, b] = fixture.ids as [string, string];
      await entities(fixture, [a, b]);
      expect((await entities(fixture, [b, a])).sent.sort()).toEqual([a, b].sort());
    } finally {
      await fixture.stack.close();
    }
  });

  it('counts entity hits and misses in /metrics', async () => {
    const fixture = await start({});
    try {
      const [a, b, c] = fixture.ids as [string, string, string];
      await entities(fixture, [a, b]);
      await entities(fixture, [b, c]);
      const metrics = await (await fetch(`${fixture.stack.base}/metrics`)).text();
      expect(metrics).toContain('subgraph_response_cache_entity_lookups_total{result="hit"} 1');
      expect(metrics).toContain('subgraph_response_cache_entity_lookups_total{result="miss"} 3');
    } finally {
      await fixture.stack.close();
    }
  });
});
