import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startStack } from '../helpers/stack.ts';
import { metricSum, outcomeOf, report, tally } from './helpers.ts';

const QUERY = '{ spaces { id } }';
const DURATION_MS = 20_000;
const WORKERS = 4;

/** Scenario 6: JWTs live 2 s, the auth endpoint fails half its calls, load never stops for 20 s. */
describe('JWT lifetime 2 s, auth endpoint failing 50 %, continuous load', () => {
  it('no client ever sees an auth error', { timeout: 40_000 }, async () => {
    const stack = await startStack({
      sim: { jwtLifetimeSeconds: 2, faults: { authFailRate: 0.5, seed: 6 } },
    });
    try {
      const outcomes: string[] = [];
      const stopAt = Date.now() + DURATION_MS;
      const worker = async () => {
        while (Date.now() < stopAt) {
          outcomes.push(outcomeOf(await stack.query(QUERY)));
          await sleep(10);
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, worker));

      const stats = stack.sim.stats();
      const figures = {
        requests: outcomes.length,
        outcomes: tally(outcomes),
        jwtMints: stats.jwtMints,
        authFailuresInjected: stats.faultsInjected.authFail ?? 0,
        mintFailuresSeen: await metricSum(stack, 'boomi_jwt_mints_total', { outcome: 'failure' }),
        upstream401: stats.unauthorized,
        authBreaker: stack.server.breakers.auth.state(),
      };
      report('JWT churn', figures);
      expect(outcomes.length).toBeGreaterThan(100);
      expect(outcomes.filter((o) => o === 'UPSTREAM_AUTH_FAILED' || o === 'UNAUTHENTICATED')).toEqual([]);
      expect(tally(outcomes)).toEqual({ ok: outcomes.length });
      // The scenario really churned tokens and met auth failures.
      expect(stats.jwtMints).toBeGreaterThanOrEqual(DURATION_MS / 2000);
      expect(figures.authFailuresInjected).toBeGreaterThan(3);
    } finally {
      await stack.close();
    }
  });
});
