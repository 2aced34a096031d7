import { describe, expect, it } from 'vitest';
import { startStack } from '../helpers/stack.ts';
import { createUpstreamTap } from '../helpers/upstream-tap.ts';
import { outcomeOf, report, runPool, tally } from './helpers.ts';

const CLIENTS = 20;
const REQUESTS = 400;
const CEILING = 5;
const EPISODE_START =
  'the Boomi API keeps rejecting our JWTs (HTTP 401): failing fast with UNAUTHENTICATED until a probe succeeds';

/** #8, failure mode 1: Boomi answers 401 to every call (API token revoked or rotated upstream). */
describe('persistent 401 under 20 concurrent clients', () => {
  it('mints stay within the re-mint ceiling, clients get UNAUTHENTICATED, one log line per episode', async () => {
    const tap = createUpstreamTap();
    tap.overrideAuthorization = () => 'Bearer not-a-valid-jwt';
    const stack = await startStack({
      server: { upstreamFetch: tap.fetch },
      // A short probe interval so that probes happen many times within the run; the ceiling still holds.
      env: { JWT_REMINT_MAX_PER_MINUTE: String(CEILING), JWT_UNAUTHORIZED_PROBE_MS: '20' },
    });
    try {
      const responses = await runPool(REQUESTS, CLIENTS, () => stack.query('{ spaces { id } }'));
      const outcomes = responses.map((r) => (r === 'transport' ? r : outcomeOf(r)));
      const stats = stack.sim.stats();
      const episodeLines = stack.logs.filter((line) => line.includes(EPISODE_START));
      report('persistent 401', {
        outcomes: tally(outcomes),
        jwtMints: stats.jwtMints,
        upstream401: stats.unauthorized,
        episodeLogLines: episodeLines.length,
      });
      expect(tally(outcomes)).toEqual({ UNAUTHENTICATED: REQUESTS });
      // The first mint, then at most CEILING re-mints in the minute.
      expect(stats.jwtMints).toBeLessThanOrEqual(1 + CEILING);
      expect(episodeLines).toHaveLength(1);
      // Failing fast: far fewer upstream calls than client requests.
      expect(stats.unauthorized).toBeLessThan(REQUESTS / 4);
    } finally {
      await stack.close();
    }
  });

  it('recovers when Boomi accepts JWTs again: the next probe ends the episode', async () => {
    const tap = createUpstreamTap();
    tap.overrideAuthorization = () => 'Bearer not-a-valid-jwt';
    const stack = await startStack({
      server: { upstreamFetch: tap.fetch },
      env: { JWT_REMINT_MAX_PER_MINUTE: String(CEILING), JWT_UNAUTHORIZED_PROBE_MS: '20' },
    });
    try {
      await runPool(CLIENTS, CLIENTS, () => stack.query('{ spaces { id } }'));
      tap.overrideAuthorization = undefined;
      let outcome = '';
      for (let i = 0; i < 200 && outcome !== 'ok'; i++) {
        outcome = outcomeOf(await stack.query('{ spaces { id } }'));
        if (outcome !== 'ok') await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(outcome).toBe('ok');
      expect(stack.logs.filter((l) => l.includes('401 episode over'))).toHaveLength(1);
    } finally {
      await stack.close();
    }
  });
});
