import { describe, expect, it } from 'vitest';
import { startStack } from '../helpers/stack.ts';
import { metricSum, outcomeOf, report, runPool, tally } from './helpers.ts';

/** #8, failure mode 10: Boomi's Platform API documents HTTP 503 (not 429) above 10 requests per second. */
describe('a simulator that throttles with 503 above 10 requests per second', () => {
  it('the governor takes repeated 503s as back-pressure: it lowers its concurrency, queries succeed', async () => {
    const stack = await startStack({
      sim: { rateLimit: { requestsPerSecond: 10, status: 503, retryAfter: false } },
      env: { UPSTREAM_DEDUP: 'false', OPERATION_SHARING: 'false', UPSTREAM_MAX_CONCURRENCY: '8' },
    });
    try {
      const responses = await runPool(30, 30, () => stack.query('{ spaces { id } }'));
      const outcomes = responses.map((r) => (r === 'transport' ? r : outcomeOf(r)));
      const throttled = await metricSum(stack, 'boomi_upstream_attempts_total', { outcome: 'http_error' });
      const effective = stack.server.governor.stats().effectiveConcurrency;
      report('503 throttling', {
        outcomes: tally(outcomes),
        throttled503: throttled,
        effectiveConcurrency: effective,
      });
      expect(throttled).toBeGreaterThan(0);
      expect(effective).toBeLessThan(8);
      expect(tally(outcomes).ok).toBeGreaterThan(0);
    } finally {
      await stack.close();
    }
  });

  it('a throttled mutation is still reported outcome unknown, never retried', async () => {
    const stack = await startStack({
      sim: { rateLimit: { requestsPerSecond: 1, status: 503 } },
    });
    try {
      await stack.query('{ spaces { id } }');
      const res = await stack.query('mutation { spaceUpdate(input: { id: "nope", name: "x" }) { id } }');
      expect(res.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_OUTCOME_UNKNOWN');
      expect(stack.sim.stats().graphqlRequests).toBe(2);
    } finally {
      await stack.close();
    }
  });
});
