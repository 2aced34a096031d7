import { describe, expect, it } from 'vitest';
import type { UpstreamFetch } from '../../src/upstream/transport.ts';
import { startStack } from '../helpers/stack.ts';
import { createUpstreamTap } from '../helpers/upstream-tap.ts';
import { outcomeOf, report } from './helpers.ts';

/** Forwards to the simulator, but the first `count` calls get a 429 with `retryAfter`. */
function rateLimitedFirst(retryAfter: string, count = 1): { fetch: UpstreamFetch; calls: () => number } {
  const tap = createUpstreamTap();
  let calls = 0;
  return {
    calls: () => calls,
    async fetch(url, init) {
      calls++;
      if (calls <= count) {
        return new Response('{"errors":[{"message":"Too Many Requests"}]}', {
          status: 429,
          headers: { 'retry-after': retryAfter, 'content-type': 'application/json' },
        });
      }
      return tap.fetch(url, init);
    },
  };
}

/** #8, failure mode 2: one long Retry-After must not freeze every caller. */
describe.each([
  ['3600', 'delta-seconds'],
  [new Date(Date.now() + 3_600_000).toUTCString(), 'HTTP date an hour ahead'],
])('a single 429 with Retry-After %s (%s)', (retryAfter) => {
  it('fails that request with RATE_LIMITED and retryAfterSeconds; the next requests reach the upstream', async () => {
    const upstream = rateLimitedFirst(retryAfter);
    const stack = await startStack({
      // Identical concurrent queries: each must be its own upstream call here (no sharing, no merging).
      env: { UPSTREAM_DEDUP: 'false', OPERATION_SHARING: 'false', UPSTREAM_COALESCE: 'false' },
      server: { upstreamFetch: upstream.fetch },
    });
    try {
      const first = await stack.query('{ spaces { id } }');
      expect(first.body.errors?.[0]?.extensions).toMatchObject({
        code: 'RATE_LIMITED',
        retryable: true,
        retryAfterSeconds: 300,
      });
      // The shared pause is bounded (UPSTREAM_MAX_PAUSE_MS, 2 s): a request with the default queue wait
      // (10 s) waits it out and is served, instead of being refused for an hour.
      const next = await Promise.all(Array.from({ length: 5 }, () => stack.query('{ spaces { id } }')));
      report('long Retry-After', { outcomes: next.map(outcomeOf), upstreamCalls: upstream.calls() });
      expect(next.map(outcomeOf)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
      expect(upstream.calls()).toBe(6);
    } finally {
      await stack.close();
    }
  });
});
