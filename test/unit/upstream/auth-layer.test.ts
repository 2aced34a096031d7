import { describe, expect, it } from 'vitest';
import { authLayer } from '../../../src/upstream/auth-layer.ts';
import { createReauthGuard } from '../../../src/upstream/reauth-guard.ts';
import type { TokenResult } from '../../../src/upstream/token-provider.ts';
import { call, RESULT, recordingLogger, scriptedExchange } from './fakes.ts';

/** A token provider that mints `t1`, `t2`… and counts mints. */
function tokens() {
  let current: string | undefined;
  let mints = 0;
  return {
    get mints() {
      return mints;
    },
    async obtain(): Promise<TokenResult> {
      if (current === undefined) current = `t${++mints}`;
      return { ok: true, token: current };
    },
    invalidate(token: string) {
      if (current === token) current = undefined;
    },
  };
}

function layer(provider = tokens(), now = () => 1_000_000) {
  const guard = createReauthGuard({
    maxRemints: 3,
    probeIntervalMs: 5_000,
    logger: recordingLogger().logger,
    now,
  });
  return {
    provider,
    exchange: (below: Parameters<ReturnType<typeof authLayer>>[0]) =>
      authLayer({ tokenProvider: provider, guard })(below),
  };
}

describe('authLayer', () => {
  it('sends the JWT; after a 401 re-mints once and replays with the new token', async () => {
    const { provider, exchange } = layer();
    const s = scriptedExchange({ kind: 'unauthorized', status: 401 }, RESULT);
    expect(await exchange(s.exchange)(call())).toEqual(RESULT);
    expect(s.calls.map((c) => c.token)).toEqual(['t1', 't2']);
    expect(provider.mints).toBe(2);
  });

  it('a persistent 401 under 20 concurrent callers mints once more, then fails fast without minting (mode 1)', async () => {
    const { provider, exchange } = layer();
    const s = scriptedExchange({ kind: 'unauthorized', status: 401 });
    const stack = exchange(s.exchange);
    for (let round = 0; round < 10; round++) {
      const outcomes = await Promise.all(Array.from({ length: 20 }, () => stack(call())));
      for (const outcome of outcomes) expect(outcome.kind).toBe('unauthenticated');
    }
    expect(provider.mints).toBe(2);
    // Once failing fast, nothing more reaches the upstream.
    const sent = s.calls.length;
    await stack(call());
    expect(s.calls.length).toBe(sent);
    expect(await stack(call())).toEqual({
      kind: 'unauthenticated',
      reason: 'fast-fail',
      retryAfterMs: 5_000,
    });
  });

  it('a mint failure is a typed auth-failed outcome; nothing is sent', async () => {
    const guard = createReauthGuard({ logger: recordingLogger().logger });
    const cause = new Error('mint');
    const provider = {
      obtain: async (): Promise<TokenResult> => ({ ok: false, retryable: false, cause }),
      invalidate() {},
    };
    const s = scriptedExchange(RESULT);
    expect(await authLayer({ tokenProvider: provider, guard })(s.exchange)(call())).toEqual({
      kind: 'auth-failed',
      retryable: false,
      cause,
    });
    expect(s.calls).toHaveLength(0);
  });
});
