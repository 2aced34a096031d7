/**
 * Transport behaviour over real sockets: a client that goes away cancels the upstream call, slow
 * upstreams hit the per-attempt timeout and the deadline, and shutdown drains requests in flight.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_CATALOG } from '../../src/errors/catalog.ts';
import { type Stack, startStack } from '../helpers/stack.ts';

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

describe('transport', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('a client disconnect aborts the upstream call; the mutation is never applied', async () => {
    stack = await startStack({ env: { LOG_LEVEL: 'warn' } });
    const s = stack;
    const spaces = await s.query<{ spaces: Array<{ id: string; name: string }> }>('{ spaces { id name } }');
    const target = spaces.body.data!.spaces[2]!;
    s.sim.setFaults({ latencyMs: 2000 });
    const before = s.sim.stats();
    const started = Date.now();
    const outcome = await s
      .query(
        'mutation ($in: SpaceUpdateInput!) { spaceUpdate(input: $in) { id } }',
        { in: { id: target.id, name: 'Never applied' } },
        {
          signal: AbortSignal.timeout(200),
        },
      )
      .then(
        () => 'answered',
        (error: unknown) => (error as Error).name,
      );
    expect(outcome).toBe('TimeoutError');
    // The simulator counts a client abort only when its client (the subgraph) went away before the
    // answer: seeing one proves the upstream request was dropped during the latency (no clock needed;
    // how soon is measured in bench/timing.ts).
    expect(await waitFor(() => s.sim.stats().clientAborts > before.clientAborts, 10_000)).toBe(true);
    expect(s.sim.stats().graphqlRequests - before.graphqlRequests).toBe(1);
    // Even after the latency would have elapsed, nothing was applied.
    await new Promise((resolve) => setTimeout(resolve, 2200 - (Date.now() - started)));
    s.sim.setFaults({});
    expect(s.sim.stats().mutations.length).toBe(before.mutations.length);
    const read = await s.query<{ space: { name: string } }>(`{ space(id: "${target.id}") { name } }`);
    expect(read.body.data?.space.name).toBe(target.name);
  });

  it('a slow upstream ends in UPSTREAM_TIMEOUT at the deadline (attempt timeouts retried until then)', async () => {
    stack = await startStack({
      env: { LOG_LEVEL: 'warn', UPSTREAM_ATTEMPT_TIMEOUT_MS: '250', UPSTREAM_DEADLINE_MS: '900' },
      sim: { faults: { latencyMs: 2000 } },
    });
    const res = await stack.query('{ spaces { id } }');
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0]).toMatchObject({
      path: ['spaces'],
      extensions: { code: 'UPSTREAM_TIMEOUT', category: 'UPSTREAM', retryable: true },
    });
    expect(ERROR_CATALOG.UPSTREAM_TIMEOUT.retryable).toBe(true);
    // More than one attempt was made, each was cut off by the subgraph (the 2 s latency never ran out),
    // and the deadline stopped the retries before RETRY_MAX_ATTEMPTS (4): 900 ms hold at most 4 attempts
    // of 250 ms, and the backoff between them makes it fewer. Elapsed times: bench/timing.ts.
    const allCutOff = () => {
      const { graphqlRequests, clientAborts } = stack!.sim.stats();
      return graphqlRequests >= 2 && clientAborts === graphqlRequests;
    };
    expect(await waitFor(allCutOff, 10_000)).toBe(true);
    expect(stack.sim.stats().graphqlRequests).toBeLessThanOrEqual(4);
  });

  it('graceful shutdown: a request in flight completes while server.close() drains', async () => {
    const s = await startStack({ env: { LOG_LEVEL: 'warn' }, sim: { faults: { latencyMs: 600 } } });
    try {
      const inFlight = s.query<{ spaces: unknown[] }>('{ spaces { id } }');
      await waitFor(() => s.sim.stats().graphqlRequests === 1, 2000);
      // A grace period far beyond the test's timeout: the drain can only finish in time by ending with
      // the last request (the client's keep-alive connection is closed as soon as it is idle).
      const closing = s.server.close(600_000);
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data?.spaces).toHaveLength(23);
      await closing;
      // Closed: new connections are refused.
      await expect(fetch(s.url, { method: 'POST' })).rejects.toThrow();
      expect(s.sim.stats().clientAborts).toBe(0);
    } finally {
      await s.sim.close();
    }
  });
});
