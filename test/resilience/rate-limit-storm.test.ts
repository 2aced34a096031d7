import { describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.ts';
import { metricSum, outcomeOf, report, runPool, tally } from './helpers.ts';

const BURST = 200;
const QUERY = '{ spaces { id name } }';
/** Upstream work takes a little time, so that requests overlap at the simulator as they would at Boomi. */
const SIM = { rateLimit: { maxConcurrentPerAccount: 5 }, faults: { latencyMs: 20 } };

/** Scenario 1: the simulator allows 5 concurrent requests per account; 200 clients arrive at once. */
describe('429 storm: simulator concurrency cap 5, 200 concurrent client queries', () => {
  it('with the default governor (4 in flight) the burst is queued and never meets a 429', async () => {
    const stack = await startStack({ sim: SIM });
    try {
      const outcomes = await burst(stack);
      const stats = stack.sim.stats();
      report('429 storm, default governor', {
        outcomes: tally(outcomes),
        upstreamRequests: stats.graphqlRequests,
        upstream429: stats.rateLimited,
        simMaxInFlight: stats.maxInFlight,
      });
      expect(tally(outcomes)).toEqual({ ok: BURST });
      expect(stats.rateLimited).toBe(0);
      expect(stats.maxInFlight).toBeLessThanOrEqual(4);
    } finally {
      await stack.close();
    }
  });

  it('with a governor set above the upstream cap, 429s happen, are absorbed and counted', async () => {
    const stack = await startStack({
      sim: SIM,
      // perf (#11): identical queries must stay separate upstream calls here, so no de-duplication.
      env: { UPSTREAM_MAX_CONCURRENCY: '20', UPSTREAM_DEDUP: 'false', OPERATION_SHARING: 'false' },
    });
    try {
      const started = performance.now();
      const outcomes = await burst(stack);
      const elapsedMs = Math.round(performance.now() - started);
      const stats = stack.sim.stats();
      const counted429 = await metricSum(stack, 'boomi_upstream_attempts_total', { outcome: 'rate_limited' });
      const retries = await metricSum(stack, 'boomi_upstream_retries_total', { reason: 'http_429' });
      report('429 storm, governor above the cap', {
        outcomes: tally(outcomes),
        upstreamRequests: stats.graphqlRequests,
        upstream429: stats.rateLimited,
        counted429,
        retries,
        effectiveConcurrencyAfter: stack.server.governor.stats().effectiveConcurrency,
        elapsedMs,
      });
      expect(tally(outcomes)).toEqual({ ok: BURST });
      expect(stats.rateLimited).toBeGreaterThan(0);
      // Every 429 the simulator sent is one our metrics counted.
      expect(counted429).toBe(stats.rateLimited);
      // The governor lowered its own limit after the 429s.
      expect(stack.server.governor.stats().effectiveConcurrency).toBeLessThan(20);
    } finally {
      await stack.close();
    }
  });
});

function burst(stack: Stack) {
  return runPool(BURST, BURST, async () => outcomeOf(await stack.query(QUERY)));
}
