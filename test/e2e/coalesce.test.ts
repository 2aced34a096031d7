import { describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.ts';

const CLIENTS = 10;
/** Distinct queries (a nested alias each), so neither de-duplication nor operation sharing can merge them. */
const query = (k: number) => `{ spaces { id u${k}: name } }`;

async function mergedQueries(stack: Stack): Promise<number> {
  const metric = await stack.server.metrics.registry
    .getSingleMetric('boomi_upstream_coalesced_queries_total')
    ?.get();
  return metric?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;
}

/** One upstream slot and a slow upstream: the distinct queries behind the first one queue for the slot. */
async function burst(env: Record<string, string>) {
  const stack = await startStack({
    env: { UPSTREAM_MAX_CONCURRENCY: '1', ...env },
    sim: { faults: { latencyMs: 300 } },
  });
  try {
    await stack.query('{ __typename }');
    stack.sim.reset();
    stack.sim.setFaults({ latencyMs: 300 });
    const responses = await Promise.all(Array.from({ length: CLIENTS }, (_, k) => stack.query(query(k))));
    return { stack, responses, upstream: stack.sim.stats().graphqlRequests };
  } catch (error) {
    await stack.close();
    throw error;
  }
}

describe('queue coalescing over the simulator (real HTTP)', () => {
  it('merges the distinct queries queued for a busy slot into fewer upstream requests, each answered as its own', async () => {
    const { stack, responses, upstream } = await burst({});
    try {
      expect(upstream).toBeLessThan(CLIENTS);
      expect(await mergedQueries(stack)).toBeGreaterThan(1);
      responses.forEach((response, k) => {
        expect(response.status).toBe(200);
        expect(response.body.errors).toBeUndefined();
        const spaces = (response.body.data as { spaces: Array<Record<string, string>> }).spaces;
        expect(spaces.length).toBeGreaterThan(20);
        expect(Object.keys(spaces[0]!)).toEqual(['id', `u${k}`]);
      });
    } finally {
      await stack.close();
    }
  });

  it('with UPSTREAM_COALESCE=false every query waits for the slot and goes upstream alone', async () => {
    const { stack, responses, upstream } = await burst({ UPSTREAM_COALESCE: 'false' });
    try {
      expect(upstream).toBe(CLIENTS);
      expect(responses.every((r) => r.status === 200 && r.body.errors === undefined)).toBe(true);
    } finally {
      await stack.close();
    }
  });
});
