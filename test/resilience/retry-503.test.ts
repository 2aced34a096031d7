import { describe, expect, it } from 'vitest';
import { startStack } from '../helpers/stack.ts';
import { metricSum, outcomeOf, report, runPool, tally } from './helpers.ts';

const QUERY = '{ spaces { id } }';
/** Half the `spaces` requests answer 503 (the operation does not run); the seed fixes the draws. */
const FAULTS = { rate503: 0.5, operations: ['spaces'], seed: 5 };
/** The retry budget of the service defaults: 10 retries/s over a 10 s window, plus 20 % of requests. */
const budgetFor = (requests: number) => 10 * 10 + 0.2 * requests;

/** Scenario 2: 50 % random 503 on queries. */
describe('50 % random 503 on queries', () => {
  it('every query succeeds within the deadline, and upstream attempts stay within the retry budget', async () => {
    const queries = 40;
    // The default 4 attempts lose a query with probability 0.5^4 = 6 % at this failure rate; 10 attempts
    // (the configurable maximum) make that 0.1 %. One client at a time keeps the seeded draws in a fixed
    // order, so the run is reproducible. A shorter backoff base only keeps the test quick.
    const stack = await startStack({
      sim: { faults: FAULTS },
      env: { RETRY_MAX_ATTEMPTS: '10', RETRY_BASE_DELAY_MS: '40', UPSTREAM_DEADLINE_MS: '10000' },
    });
    try {
      const started = performance.now();
      const durations: number[] = [];
      const outcomes = await runPool(queries, 1, async () => {
        const t0 = performance.now();
        const outcome = outcomeOf(await stack.query(QUERY));
        durations.push(performance.now() - t0);
        return outcome;
      });
      const stats = stack.sim.stats();
      const injected = stats.faultsInjected.http503 ?? 0;
      report('50% 503, sequential', {
        outcomes: tally(outcomes),
        upstreamAttempts: stats.graphqlRequests,
        injected503: injected,
        retries: await metricSum(stack, 'boomi_upstream_retries_total', { reason: 'http_503' }),
        budget: budgetFor(queries),
        slowestMs: Math.round(Math.max(...durations)),
        elapsedMs: Math.round(performance.now() - started),
        breaker: stack.server.breakers.graphql.state(),
      });
      expect(tally(outcomes)).toEqual({ ok: queries });
      expect(injected).toBeGreaterThan(queries / 4);
      expect(stats.graphqlRequests).toBe(queries + injected);
      expect(stats.graphqlRequests - queries).toBeLessThanOrEqual(budgetFor(queries));
      expect(Math.max(...durations)).toBeLessThan(10_000);
      expect(stack.server.breakers.graphql.state()).toBe('closed');
    } finally {
      await stack.close();
    }
  });

  it('a burst of 200 is not amplified beyond the retry budget; what fails says so, retryable', async () => {
    const queries = 200;
    // perf (#11): 200 identical queries must stay 200 upstream calls here: no de-duplication, no merging.
    const stack = await startStack({
      sim: { faults: FAULTS },
      env: { UPSTREAM_DEDUP: 'false', OPERATION_SHARING: 'false', UPSTREAM_COALESCE: 'false' },
    });
    try {
      const responses = await runPool(queries, queries, () => stack.query(QUERY));
      const outcomes = responses.map((r) => (r === 'transport' ? r : outcomeOf(r)));
      const stats = stack.sim.stats();
      report('50% 503, burst of 200 (default attempts)', {
        outcomes: tally(outcomes),
        upstreamAttempts: stats.graphqlRequests,
        injected503: stats.faultsInjected.http503 ?? 0,
        budget: budgetFor(queries),
        breaker: stack.server.breakers.graphql.state(),
      });
      // Attempts = requests + retries, and retries never exceed the budget.
      expect(stats.graphqlRequests).toBeGreaterThan(queries);
      expect(stats.graphqlRequests - queries).toBeLessThanOrEqual(budgetFor(queries));
      const counts = tally(outcomes);
      expect(counts.ok).toBeGreaterThan(queries * 0.6);
      for (const response of responses) {
        if (response === 'transport' || outcomeOf(response) === 'ok') continue;
        expect(response.body.errors?.[0]?.extensions).toMatchObject({
          code: 'UPSTREAM_UNAVAILABLE',
          retryable: true,
        });
      }
      expect(stack.server.breakers.graphql.state()).toBe('closed');
    } finally {
      await stack.close();
    }
  });
});
