import { describe, expect, it } from 'vitest';
import type { FaultConfig } from '../../src/simulator/index.ts';
import { SEED } from '../../src/simulator/seed.ts';
import { startStack } from '../helpers/stack.ts';
import { outcomeOf, report } from './helpers.ts';

const QUERY = '{ spaces { id } }';

/**
 * Scenario 7: unusable upstream answers. Decision (docs/resilience.md): the HTTP status decides first. A
 * 502/503/504 is the gateway saying the upstream is unavailable, whatever its body (JSON or an HTML page):
 * UPSTREAM_UNAVAILABLE. A 2xx whose body is not a GraphQL response (truncated JSON, empty) is
 * UPSTREAM_BAD_RESPONSE. Queries are retried either way; mutations are not (the operation may have run).
 */
describe.each<[string, FaultConfig, string, string]>([
  ['truncated JSON (200)', { malformedJsonRate: 1 }, 'malformedJson', 'UPSTREAM_BAD_RESPONSE'],
  ['empty body (200)', { emptyBodyRate: 1 }, 'emptyBody', 'UPSTREAM_BAD_RESPONSE'],
  ['HTML error page (502)', { htmlErrorRate: 1 }, 'htmlError', 'UPSTREAM_UNAVAILABLE'],
])('malformed upstream answers: %s', (_label, faults, faultKind, code) => {
  it(`queries retry, then fail with ${code}; a mutation is reported outcome unknown; the process stays healthy`, async () => {
    const stack = await startStack({ env: { RETRY_BASE_DELAY_MS: '20' } });
    try {
      expect(outcomeOf(await stack.query(QUERY))).toBe('ok');
      stack.sim.setFaults({ ...faults, operations: ['spaces', 'spaceUpdate'] });

      const query = await stack.query(QUERY);
      expect(query.status).toBe(200);
      expect(query.body.errors).toHaveLength(1);
      expect(query.body.errors?.[0]?.extensions).toEqual({ code, category: 'UPSTREAM', retryable: true });
      // Nothing of the upstream body reaches the client.
      expect(query.text).not.toMatch(/DOCTYPE|Bad Gateway<|\{"data":\{"spaces/);
      const afterQuery = stack.sim.stats().faultsInjected[faultKind] ?? 0;
      expect(afterQuery).toBe(4); // the default RETRY_MAX_ATTEMPTS

      const name = `malformed-${faultKind}`;
      const mutation = await stack.query(
        'mutation ($id: ID!, $name: String!) { spaceUpdate(input: { id: $id, name: $name }) { id } }',
        { id: SEED.demoLiveSpaceIds[0], name },
      );
      expect(mutation.body.errors?.[0]?.extensions).toEqual({
        code: 'UPSTREAM_OUTCOME_UNKNOWN',
        category: 'UPSTREAM',
        retryable: false,
      });
      const stats = stack.sim.stats();
      expect(stats.faultsInjected[faultKind]).toBe(afterQuery + 1); // not retried
      // 2xx faults ran the mutation, the 502 page did not; either way at most once.
      const applied = stats.mutations.filter((m) => JSON.stringify(m.args).includes(name)).length;
      expect(applied).toBe(faultKind === 'htmlError' ? 0 : 1);

      stack.sim.setFaults({});
      expect((await fetch(`${stack.base}/health`)).status).toBe(200);
      expect(outcomeOf(await stack.query(QUERY))).toBe('ok');
      report(`malformed: ${faultKind}`, {
        queryCode: outcomeOf(query),
        queryAttempts: afterQuery,
        mutationCode: outcomeOf(mutation),
        mutationApplied: applied,
        breaker: stack.server.breakers.graphql.state(),
      });
    } finally {
      await stack.close();
    }
  });
});
