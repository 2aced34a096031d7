/**
 * Seeded differential fuzz of the per-entity entries of the response cache (src/cache/entity-cache.ts):
 * hostile `_entities` representation lists (known and unknown ids, duplicates, odd strings, wrong
 * typenames and id types, other shapes) sent to a subgraph with RESPONSE_CACHE=true and to one without,
 * in the same order, over real HTTP. Without mutations the data does not change, so every answer must
 * be the same byte for byte whatever the entries held; none may be a 5xx or INTERNAL_SERVER_ERROR.
 * FUZZ_SEED and FUZZ_RUNS override the seed and the count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrng, type Prng } from '../../src/simulator/prng.ts';
import { type Stack, startStack } from '../helpers/stack.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const SELECTIONS = [
  '... on Space { id name }',
  '... on Space { id name accountGroup { id name } }',
  '__typename ... on Space { id guid createdAt }',
  '... on Space { description n: name }',
];

const ODD_IDS = ['', ' ', 'no-such-space', 'é\u0000\u{1F600}', 'x'.repeat(300), '"}]{', '__proto__'];

function representation(rng: Prng, ids: readonly string[]): unknown {
  const roll = rng.int(20);
  if (roll < 12) return { __typename: 'Space', id: ids[rng.int(ids.length)] };
  if (roll < 15) return { __typename: 'Space', id: ODD_IDS[rng.int(ODD_IDS.length)] };
  if (roll === 15) return { __typename: 'Spaces', id: ids[0] };
  if (roll === 16) return { __typename: 'Space', id: rng.int(1000) };
  if (roll === 17) return { __typename: 'Space' };
  if (roll === 18) return { __typename: 'AccountGroup', id: 'no-such-group' };
  return rng.int(2) === 0 ? null : 'Space';
}

function request(rng: Prng, ids: readonly string[]): { query: string; variables: Record<string, unknown> } {
  const length = 1 + rng.int(rng.int(4) === 0 ? 40 : 6);
  const r = Array.from({ length }, () => representation(rng, ids));
  const selection = SELECTIONS[rng.int(SELECTIONS.length)];
  return {
    query: `query ($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`,
    variables: { r },
  };
}

describe('seeded differential fuzz: _entities with and without per-entity entries', () => {
  let cached: Stack;
  let plain: Stack;
  let ids: string[];
  beforeAll(async () => {
    cached = await startStack({ env: { LOG_LEVEL: 'warn', RESPONSE_CACHE: 'true' } });
    plain = await startStack({ env: { LOG_LEVEL: 'warn' } });
    const list = await plain.query<{ spaces: Array<{ id: string }> }>('{ spaces { id } }');
    ids = list.body.data!.spaces.map((s) => s.id);
  });
  afterAll(async () => {
    await cached?.close();
    await plain?.close();
  });

  it(`answers ${RUNS} hostile _entities requests (seed ${SEED}) as the subgraph without the cache does`, async () => {
    const rng = createPrng(SEED);
    const differences: Array<{ sent: string; cached: string; plain: string }> = [];
    let hits = 0;
    for (let i = 0; i < RUNS; i++) {
      const { query, variables } = request(rng, ids);
      const before = cached.sim.stats().graphqlRequests;
      const [a, b] = await Promise.all([cached.query(query, variables), plain.query(query, variables)]);
      if (cached.sim.stats().graphqlRequests === before) hits++;
      expect(a.status).toBeLessThan(500);
      expect(a.text).not.toContain('INTERNAL_SERVER_ERROR');
      if (a.status !== b.status || a.text !== b.text) {
        differences.push({
          sent: JSON.stringify(variables).slice(0, 300),
          cached: a.text.slice(0, 300),
          plain: b.text.slice(0, 300),
        });
      }
    }
    expect(differences).toEqual([]);
    // The run exercises the entries: most requests are answered without Boomi, most Spaces from an entry (unknown ids never get one).
    const metrics = await (await fetch(`${cached.base}/metrics`)).text();
    const lookups = (result: string) =>
      Number(new RegExp(`entity_lookups_total\\{result="${result}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
    console.log(
      `entity cache fuzz seed ${SEED}: ${hits}/${RUNS} without an upstream request, entity lookups ${lookups('hit')} hit / ${lookups('miss')} miss`,
    );
    expect(hits).toBeGreaterThan(RUNS / 2);
    expect(lookups('hit')).toBeGreaterThan(lookups('miss'));
  });
});
