import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.ts';
import { type GraphQLResponse, type Stack, startStack } from '../helpers/stack.ts';
import { outcomeOf, report, runPool, tally } from './helpers.ts';

const MUTATIONS = 60;
const MUTATION =
  'mutation ($id: ID!, $name: String!) { spaceUpdate(input: { id: $id, name: $name }) { id name } }';

/** Scenario 3: mutations under 429s, 503s, resets (after the operation ran) and per-attempt timeouts. */
describe('mutations under 429s, 503s, resets and timeouts', () => {
  it('each mutation is applied exactly once, or reported as outcome unknown; never twice', async () => {
    // The breaker is kept out of the way here (it has its own scenario): this one is about mutations.
    const stack = await startStack({
      env: {
        UPSTREAM_ATTEMPT_TIMEOUT_MS: '1000',
        UPSTREAM_DEADLINE_MS: '6000',
        BREAKER_CONSECUTIVE_FAILURES: '1000',
      },
    });
    try {
      expect(outcomeOf(await stack.query('{ spaces { id } }'))).toBe('ok'); // warm-up: JWT, connections

      // Phase A: 429 (rejected before execution: safe to retry), 503 (not executed, but a client cannot know
      // that: outcome unknown) and resets (executed, then the connection drops: outcome unknown).
      stack.sim.setFaults({
        operations: ['spaceUpdate'],
        rate429: 0.15,
        rate503: 0.15,
        resetRate: 0.1,
        seed: 3,
      });
      const phaseA = await mutate(stack, 0, MUTATIONS, 8);
      // Phase B: the simulator waits 3 s before it starts work; every attempt times out after 1 s, the
      // request is aborted and the simulator never runs it. Four at once stay below the governor's cap.
      stack.sim.setFaults({ operations: ['spaceUpdate'], latencyMs: 3000 });
      const phaseB = await mutate(stack, MUTATIONS, 4, 4);
      stack.sim.setFaults({});
      // The simulator notices the aborted sockets a moment after our client has its answer.
      for (let i = 0; i < 50 && stack.sim.stats().clientAborts < 4; i++) await sleep(20);

      const stats = stack.sim.stats();
      const applied = new Map<string, number>();
      for (const entry of stats.mutations) {
        const name = (entry.args as { input?: { name?: string } }).input?.name ?? '';
        applied.set(name, (applied.get(name) ?? 0) + 1);
      }
      const results = [...phaseA, ...phaseB];
      const outcomes = results.map((r) => r.outcome);
      const unknownButApplied = results.filter(
        (r) => r.outcome === 'UPSTREAM_OUTCOME_UNKNOWN' && applied.get(r.name) === 1,
      ).length;
      report('mutations under faults', {
        phaseA: tally(phaseA.map((r) => r.outcome)),
        phaseB: tally(phaseB.map((r) => r.outcome)),
        applied: stats.mutations.length,
        unknownButApplied,
        faults: stats.faultsInjected,
        upstream429: stats.rateLimited,
        clientAborts: stats.clientAborts,
      });

      expect(outcomes).not.toContain('transport');
      for (const result of results) {
        const times = applied.get(result.name) ?? 0;
        // Never twice, whatever the client saw.
        expect(times, result.name).toBeLessThanOrEqual(1);
        if (result.outcome === 'ok') {
          expect(times, result.name).toBe(1);
          expect(result.body?.data?.spaceUpdate?.name).toBe(result.name);
        } else if (result.outcome === 'UPSTREAM_OUTCOME_UNKNOWN') {
          expect(result.body?.errors?.[0]?.extensions).toEqual({
            code: 'UPSTREAM_OUTCOME_UNKNOWN',
            category: 'UPSTREAM',
            retryable: false,
          });
          expect(result.body?.errors?.[0]?.message).toMatch(/whether it was applied is unknown/);
        } else {
          // Anything else (rate limited beyond the deadline, circuit open) was refused before it could run.
          expect(times, `${result.name} ${result.outcome}`).toBe(0);
        }
      }
      // The scenario did exercise every path: retried 429s, unknown outcomes both applied and not.
      expect(phaseA.filter((r) => r.outcome === 'ok').length).toBeGreaterThan(MUTATIONS / 2);
      expect(stats.rateLimited).toBeGreaterThan(0);
      expect(stats.faultsInjected.reset ?? 0).toBeGreaterThan(0);
      expect(unknownButApplied).toBeGreaterThan(0);
      expect(phaseB.map((r) => r.outcome)).toEqual(Array(4).fill('UPSTREAM_OUTCOME_UNKNOWN'));
      expect(phaseB.every((r) => applied.get(r.name) === undefined)).toBe(true);
      expect(stats.clientAborts).toBeGreaterThanOrEqual(4);
    } finally {
      await stack.close();
    }
  });
});

interface MutationResult {
  name: string;
  outcome: string;
  body: GraphQLResponse<{ spaceUpdate: { name: string } | null }>['body'] | undefined;
}

/** Renames Spaces `count` times, each with a unique name, so the simulator's log tells them apart. */
async function mutate(
  stack: Stack,
  first: number,
  count: number,
  concurrency: number,
): Promise<MutationResult[]> {
  const ids = SEED.demoLiveSpaceIds;
  const results = await runPool(count, concurrency, async (i) => {
    const name = `resilience-m${first + i}`;
    const res = await stack.query<{ spaceUpdate: { name: string } | null }>(MUTATION, {
      id: ids[(first + i) % ids.length],
      name,
    });
    return { name, outcome: outcomeOf(res), body: res.body };
  });
  return results.map((r, i) =>
    r === 'transport' ? { name: `resilience-m${first + i}`, outcome: r, body: undefined } : r,
  );
}
