import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startStack } from '../helpers/stack.ts';
import { metricSum, outcomeOf, report } from './helpers.ts';

const QUERY = '{ spaces { id } }';

/** Counts of this process's active resources by kind (timers, sockets…). */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Scenario 5: the upstream answers after 5 s; the subgraph's deadline is 1 s. */
describe('slow upstream beyond the deadline', () => {
  it('answers UPSTREAM_TIMEOUT at the deadline, aborts the upstream request, and leaks no timer or socket', async () => {
    const stack = await startStack({
      env: { UPSTREAM_DEADLINE_MS: '1000', UPSTREAM_ATTEMPT_TIMEOUT_MS: '600' },
    });
    try {
      // Warm-up: JWT minted, keep-alive connections open; then the baseline.
      await Promise.all(Array.from({ length: 4 }, () => stack.query(QUERY)));
      await sleep(50);
      const before = resources();

      stack.sim.setFaults({ latencyMs: 5000, operations: ['spaces'] });
      const started = performance.now();
      // Two calls: their (at most 4) timed-out attempts stay below the breaker's 5 consecutive failures.
      const responses = await Promise.all(Array.from({ length: 2 }, () => stack.query(QUERY)));
      const elapsedMs = performance.now() - started;
      stack.sim.setFaults({});

      for (const res of responses) {
        expect(res.body.errors?.[0]?.extensions).toEqual({
          code: 'UPSTREAM_TIMEOUT',
          category: 'UPSTREAM',
          retryable: true,
        });
      }
      // The deadline (1 s), not the simulator (5 s), decided: every attempt was cut (counted below), and no
      // call made more attempts than fit in the deadline (600 ms each: the first, and a retry cut short).

      // The simulator saw every attempt disconnect (first attempt at 600 ms, a retry cut by the deadline).
      const timeouts = await metricSum(stack, 'boomi_upstream_attempts_total', { outcome: 'timeout' });
      for (let i = 0; i < 50 && stack.sim.stats().clientAborts < timeouts; i++) await sleep(20);
      const stats = stack.sim.stats();
      expect(stats.clientAborts).toBeGreaterThanOrEqual(2);
      expect(stats.clientAborts).toBe(timeouts);
      expect(timeouts).toBeLessThanOrEqual(4);

      // Healthy afterwards, and nothing left behind: no extra timer, socket or request handle.
      expect(outcomeOf(await stack.query(QUERY))).toBe('ok');
      await sleep(100);
      const after = resources();
      report('slow upstream', {
        elapsedMs: Math.round(elapsedMs),
        clientAborts: stats.clientAborts,
        timeoutAttempts: timeouts,
        resourcesBefore: before,
        resourcesAfter: after,
      });
      for (const kind of ['Timeout', 'TCPSocketWrap', 'TCPServerWrap']) {
        expect(after[kind] ?? 0, kind).toBeLessThanOrEqual(before[kind] ?? 0);
      }
      expect(stack.server.governor.stats()).toMatchObject({ inFlight: 0, queued: 0 });
    } finally {
      await stack.close();
    }
  });
});
