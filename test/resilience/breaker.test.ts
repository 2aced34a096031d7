import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.ts';
import { startStack } from '../helpers/stack.ts';
import { freePort, metricSum, outcomeOf, report } from './helpers.ts';

const QUERY = '{ spaces { id } }';
const OPEN_MS = 4000;

/** Scenario 4: the upstream goes away (connection refused), then comes back on the same port. */
describe('upstream down (connection refused)', () => {
  it('opens the breaker, fails fast while open, shows it in /ready and /metrics, and recovers', async () => {
    const port = await freePort();
    const stack = await startStack({
      sim: { port },
      env: {
        BREAKER_OPEN_MS: String(OPEN_MS),
        UPSTREAM_DEADLINE_MS: '5000',
        UPSTREAM_ATTEMPT_TIMEOUT_MS: '2000',
        // Readiness checks often enough to see the recovery within the test (hysteresis: 2 good checks).
        READINESS_INTERVAL_MS: '100',
      },
    });
    let revived: RunningSimulator | undefined;
    try {
      expect(outcomeOf(await stack.query(QUERY))).toBe('ok'); // a JWT is cached (valid 300 s)
      await stack.sim.close();

      // The first calls meet refused connections; 5 transport failures in a row open the breaker.
      const opening: string[] = [];
      for (let i = 0; i < 5 && stack.server.breakers.graphql.state() !== 'open'; i++) {
        opening.push(outcomeOf(await stack.query(QUERY)));
      }
      expect(stack.server.breakers.graphql.state()).toBe('open');
      expect(opening.every((o) => o === 'UPSTREAM_UNAVAILABLE')).toBe(true);

      // While open: no upstream call, an answer within a few milliseconds.
      const attemptsBefore = await metricSum(stack, 'boomi_upstream_attempts_total', {
        outcome: 'network_error',
      });
      // Fast failing is counted, not timed (latency figures: bench/overload.ts): none of these reaches the
      // upstream, and none waits for a connection attempt.
      for (let i = 0; i < 120; i++) {
        const res = await stack.query(QUERY);
        expect(res.body.errors?.[0]?.extensions).toMatchObject({
          code: 'UPSTREAM_UNAVAILABLE',
          retryable: true,
        });
        expect(res.body.errors?.[0]?.message).toMatch(/circuit open/);
      }
      const attemptsAfter = await metricSum(stack, 'boomi_upstream_attempts_total', {
        outcome: 'network_error',
      });
      expect(attemptsAfter).toBe(attemptsBefore);

      const ready = await fetch(`${stack.base}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        ready: false,
        state: 'graphql_unreachable',
        checks: { graphql: { ok: false } },
      });
      expect(
        await metricSum(stack, 'boomi_circuit_breaker_state', { endpoint: 'graphql', state: 'open' }),
      ).toBe(1);

      // The upstream comes back on the same port; after openMs one probe closes the breaker.
      revived = await startSimulator({ port });
      await sleep(stack.server.breakers.graphql.retryInMs() + 50);
      const recovery = await stack.query(QUERY);
      expect(outcomeOf(recovery)).toBe('ok');
      expect(stack.server.breakers.graphql.state()).toBe('closed');
      const after = await Promise.all(Array.from({ length: 20 }, () => stack.query(QUERY)));
      expect(after.map(outcomeOf)).toEqual(Array(20).fill('ok'));
      let readyStatus = 0;
      for (let i = 0; i < 50 && readyStatus !== 200; i++) {
        readyStatus = (await fetch(`${stack.base}/ready`)).status;
        if (readyStatus !== 200) await sleep(100);
      }
      expect(readyStatus).toBe(200);
      expect(
        await metricSum(stack, 'boomi_circuit_breaker_state', { endpoint: 'graphql', state: 'closed' }),
      ).toBe(1);

      report('upstream down', { callsToOpen: opening.length, fastFailedWhileOpen: 120 });
    } finally {
      await stack.close();
      await revived?.close();
    }
  });
});
