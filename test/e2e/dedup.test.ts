import { fetch as undiciFetch } from 'undici';
import { describe, expect, it } from 'vitest';
import type { UpstreamFetch } from '../../src/upstream/transport.ts';
import { type Stack, startStack } from '../helpers/stack.ts';

const QUERY = '{ spaces { id name guid } }';
const CLIENTS = 8;

/** Forwards to the simulator, but holds every call until `open()`: identical queries pile up in flight. */
function gatedFetch() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const fetch: UpstreamFetch = async (url, init) => {
    await gate;
    return undiciFetch(url, init) as never;
  };
  return { fetch, open };
}

async function sharedCount(stack: Stack, name = 'boomi_upstream_dedup_shared_total'): Promise<number> {
  const metric = await stack.server.metrics.registry.getSingleMetric(name)?.get();
  return metric?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;
}

/** Waits (bounded by count, not by time) until `expected` callers joined a call in flight. */
async function untilShared(stack: Stack, expected: number, name?: string): Promise<void> {
  // Paced polling, bounded by a count of checks: stops as soon as the joins happened.
  for (let i = 0; i < 2000 && (await sharedCount(stack, name)) < expected; i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  expect(await sharedCount(stack, name)).toBe(expected);
}

async function run(env: Record<string, string>) {
  const gate = gatedFetch();
  const stack = await startStack({ env, server: { upstreamFetch: gate.fetch } });
  try {
    stack.sim.reset();
    const responses = Array.from({ length: CLIENTS }, () => stack.query(QUERY));
    return { stack, gate, responses };
  } catch (error) {
    await stack.close();
    throw error;
  }
}

describe('in-flight de-duplication over the simulator (real HTTP)', () => {
  it('sends identical concurrent client queries upstream once (simulator stats) and answers all alike', async () => {
    // Client-level sharing off, so the identical queries reach the upstream layer.
    const { stack, gate, responses } = await run({ OPERATION_SHARING: 'false' });
    try {
      await untilShared(stack, CLIENTS - 1);
      gate.open();
      const bodies = (await Promise.all(responses)).map((r) => r.text);
      expect(new Set(bodies).size).toBe(1);
      expect(JSON.parse(bodies[0]!).data.spaces.length).toBeGreaterThan(20);
      expect(stack.sim.stats().requestsByOperation.spaces).toBe(1);
    } finally {
      await stack.close();
    }
  });

  it('sends every one of them when UPSTREAM_DEDUP=false', async () => {
    const { stack, gate, responses } = await run({
      UPSTREAM_DEDUP: 'false',
      OPERATION_SHARING: 'false',
      UPSTREAM_MAX_CONCURRENCY: '16',
    });
    try {
      gate.open();
      await Promise.all(responses);
      expect(stack.sim.stats().requestsByOperation.spaces).toBe(CLIENTS);
      expect(await sharedCount(stack)).toBe(0);
    } finally {
      await stack.close();
    }
  });

  it('executes identical concurrent client queries once (operation sharing), one upstream request', async () => {
    const { stack, gate, responses } = await run({});
    try {
      await untilShared(stack, CLIENTS - 1, 'subgraph_operations_shared_total');
      gate.open();
      const bodies = (await Promise.all(responses)).map((r) => r.text);
      expect(new Set(bodies).size).toBe(1);
      expect(stack.sim.stats().requestsByOperation.spaces).toBe(1);
      expect(await sharedCount(stack)).toBe(0);
    } finally {
      await stack.close();
    }
  });

  it('never merges mutations', async () => {
    const gate = gatedFetch();
    gate.open();
    const stack = await startStack({ server: { upstreamFetch: gate.fetch } });
    try {
      const list = await stack.query<{ spaces: Array<{ id: string; name: string }> }>(
        '{ spaces { id name } }',
      );
      const space = list.body.data!.spaces[0]!;
      stack.sim.reset();
      const mutation = `mutation { spaceUpdate(input: { id: "${space.id}", name: "${space.name}" }) { id } }`;
      await Promise.all([stack.query(mutation), stack.query(mutation)]);
      expect(stack.sim.stats().requestsByOperation.spaceUpdate).toBe(2);
    } finally {
      await stack.close();
    }
  });
});
