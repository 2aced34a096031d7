import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Outcome } from '../../../src/upstream/outcome.ts';
import { retryLayer } from '../../../src/upstream/retry-layer.ts';
import { createRetryBudget, DEFAULT_RETRY_POLICY } from '../../../src/upstream/retry-policy.ts';
import { call, RESULT, scriptedExchange } from './fakes.ts';

const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 100 };

afterEach(() => {
  vi.useRealTimers();
});

function layer(observer = {}, budget?: ReturnType<typeof createRetryBudget>) {
  return retryLayer({ policy, random: () => 1, observer, ...(budget ? { budget } : {}) });
}

describe('retryLayer', () => {
  it('retries a 503 with backoff, numbering the attempts, and reports retry and request', async () => {
    vi.useFakeTimers();
    const s = scriptedExchange({ kind: 'http', status: 503 }, { kind: 'network', sent: true }, RESULT);
    const retries: unknown[] = [];
    const requests: unknown[] = [];
    const run = layer({ retry: (e: unknown) => retries.push(e), request: (e: unknown) => requests.push(e) })(
      s.exchange,
    )(call());
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(100);
    expect(await run).toEqual(RESULT);
    expect(s.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect(retries).toEqual([
      expect.objectContaining({ attempt: 1, reason: 'http_503', delayMs: 100 }),
      expect.objectContaining({ attempt: 2, reason: 'reset', delayMs: 100 }),
    ]);
    expect(requests).toEqual([expect.objectContaining({ operation: 'spaces', attempts: 3, rootFields: 1 })]);
  });

  it.each<Outcome>([
    { kind: 'bad-response', status: 200, reason: 'too-large' },
    { kind: 'local', detail: 'invalid SPACE_GUID header value' },
    { kind: 'breaker-open', retryInMs: 10 },
    { kind: 'governor', reason: 'shed', retryAfterMs: 1000 },
    { kind: 'auth-failed', retryable: true },
    { kind: 'unauthenticated', reason: 'fast-fail' },
    { kind: 'deadline' },
  ])('does not retry %j', async (outcome) => {
    const s = scriptedExchange(outcome, RESULT);
    expect(await layer()(s.exchange)(call())).toMatchObject(outcome);
    expect(s.calls).toHaveLength(1);
  });

  it('a mutation after a 503 is not retried and is reported outcome unknown', async () => {
    const s = scriptedExchange({ kind: 'http', status: 503 }, RESULT);
    const outcome = await layer()(s.exchange)(call({ operationType: 'mutation' }));
    expect(outcome).toMatchObject({ kind: 'http', status: 503, final: { outcomeUnknown: true } });
    expect(s.calls).toHaveLength(1);
  });

  it('a Retry-After beyond the deadline ends the call at once (no sleep)', async () => {
    const s = scriptedExchange({ kind: 'http', status: 429, retryAfter: '3600' }, RESULT);
    const outcome = await layer()(s.exchange)(call({ deadline: Date.now() + 5_000 }));
    expect(outcome).toMatchObject({ kind: 'http', status: 429, final: { outcomeUnknown: false } });
    expect(s.calls).toHaveLength(1);
  });

  it('stops when the budget is spent', async () => {
    const budget = createRetryBudget({ ratio: 0, minRetriesPerSecond: 0.1, windowMs: 10_000 });
    vi.useFakeTimers();
    const s = scriptedExchange({ kind: 'timeout' });
    const run = layer({}, budget)(s.exchange)(call());
    await vi.advanceTimersByTimeAsync(100);
    expect(await run).toMatchObject({ kind: 'timeout', final: { budgetSpent: true } });
    expect(s.calls).toHaveLength(2);
  });

  it('an abort during the backoff ends the call with the abort outcome, leaving no timer', async () => {
    vi.useFakeTimers();
    const client = new AbortController();
    const s = scriptedExchange({ kind: 'http', status: 502 });
    const run = layer()(s.exchange)(call({ signal: client.signal }));
    await vi.advanceTimersByTimeAsync(10);
    const reason = new Error('gone');
    client.abort(reason);
    expect(await run).toEqual({ kind: 'aborted', reason });
    expect(vi.getTimerCount()).toBe(0);
  });
});
