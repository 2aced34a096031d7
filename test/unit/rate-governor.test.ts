import type { GraphQLError } from 'graphql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createRateGovernor,
  type GovernorPermit,
  type RateGovernorOptions,
} from '../../src/upstream/rate-governor.ts';

interface Tracked {
  state: 'pending' | 'resolved' | 'rejected';
  permit?: GovernorPermit;
  error?: GraphQLError;
}

function track(promise: Promise<GovernorPermit>): Tracked {
  const t: Tracked = { state: 'pending' };
  promise.then(
    (permit) => {
      t.state = 'resolved';
      t.permit = permit;
    },
    (error: GraphQLError) => {
      t.state = 'rejected';
      t.error = error;
    },
  );
  return t;
}

const flush = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

function governor(options: RateGovernorOptions = {}) {
  return createRateGovernor(options);
}

describe('createRateGovernor: concurrency and queue', () => {
  it('caps concurrency and dispatches waiters FIFO; release is idempotent', async () => {
    const g = governor({ maxConcurrent: 2 });
    const a = track(g.acquire());
    const b = track(g.acquire());
    const c = track(g.acquire());
    const d = track(g.acquire());
    await flush();
    expect([a.state, b.state, c.state, d.state]).toEqual(['resolved', 'resolved', 'pending', 'pending']);
    expect(g.stats()).toEqual({ inFlight: 2, queued: 2, effectiveConcurrency: 2, rejected: 0 });
    a.permit?.release();
    a.permit?.release();
    await flush();
    expect([c.state, d.state]).toEqual(['resolved', 'pending']);
    expect(g.stats()).toMatchObject({ inFlight: 2, queued: 1 });
    b.permit?.release();
    c.permit?.release();
    await flush();
    d.permit?.release();
    expect(g.stats()).toEqual({ inFlight: 0, queued: 0, effectiveConcurrency: 2, rejected: 0 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps FIFO order: a newcomer does not overtake waiters when a slot frees', async () => {
    const g = governor({ maxConcurrent: 1 });
    const first = track(g.acquire());
    const second = track(g.acquire());
    await flush();
    first.permit?.release();
    const third = track(g.acquire());
    await flush();
    expect([second.state, third.state]).toEqual(['resolved', 'pending']);
    second.permit?.release();
    await flush();
    expect(third.state).toBe('resolved');
  });

  it('rejects with RATE_LIMITED when the queue is full', async () => {
    const g = governor({ maxConcurrent: 1, queueLimit: 2 });
    track(g.acquire());
    track(g.acquire());
    track(g.acquire());
    const overflow = track(g.acquire());
    await flush();
    expect(overflow.state).toBe('rejected');
    expect(overflow.error?.extensions).toEqual({
      code: 'RATE_LIMITED',
      category: 'RATE_LIMITED',
      retryable: true,
      retryAfterSeconds: 1,
    });
    expect(g.stats()).toMatchObject({ queued: 2, rejected: 1 });
    g.dispose();
  });

  it('rejects a waiter after maxWaitMs and leaves the queue clean', async () => {
    const g = governor({ maxConcurrent: 1, maxWaitMs: 500 });
    const holder = track(g.acquire());
    const waiter = track(g.acquire());
    await vi.advanceTimersByTimeAsync(499);
    expect(waiter.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(waiter.state).toBe('rejected');
    expect(waiter.error?.extensions?.code).toBe('RATE_LIMITED');
    expect(g.stats()).toMatchObject({ queued: 0, rejected: 1 });
    holder.permit?.release();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never waits beyond the caller deadline', async () => {
    const g = governor({ maxConcurrent: 1, maxWaitMs: 10_000 });
    track(g.acquire());
    const waiter = track(g.acquire({ deadline: Date.now() + 200 }));
    await vi.advanceTimersByTimeAsync(200);
    expect(waiter.state).toBe('rejected');
    const late = track(g.acquire({ deadline: Date.now() - 1 }));
    await flush();
    expect(late.state).toBe('rejected');
    expect(late.error?.extensions?.code).toBe('RATE_LIMITED');
    g.dispose();
  });

  it('rejects with signal.reason on abort and keeps the queue clean and ordered', async () => {
    const g = governor({ maxConcurrent: 1 });
    const holder = track(g.acquire());
    const controller = new AbortController();
    const reason = new Error('client went away');
    const aborted = g.acquire({ signal: controller.signal });
    const next = track(g.acquire());
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    expect(g.stats().queued).toBe(1);
    holder.permit?.release();
    await flush();
    expect(next.state).toBe('resolved');
    const already = new AbortController();
    already.abort(reason);
    await expect(g.acquire({ signal: already.signal })).rejects.toBe(reason);
    next.permit?.release();
    expect(g.stats()).toEqual({ inFlight: 0, queued: 0, effectiveConcurrency: 1, rejected: 0 });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('createRateGovernor: token bucket', () => {
  it('lets `burst` requests through, then one per 1/rps', async () => {
    const g = governor({ maxConcurrent: 100, requestsPerSecond: 10, burst: 2 });
    const all = Array.from({ length: 4 }, () => track(g.acquire()));
    await flush();
    expect(all.map((t) => t.state)).toEqual(['resolved', 'resolved', 'pending', 'pending']);
    await vi.advanceTimersByTimeAsync(99);
    expect(all[2]?.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(all[2]?.state).toBe('resolved');
    await vi.advanceTimersByTimeAsync(100);
    expect(all[3]?.state).toBe('resolved');
    expect(g.stats()).toMatchObject({ effectiveRps: 10 });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('createRateGovernor: adaptive on 429', () => {
  it('halves concurrency, pauses for Retry-After, then recovers +1 per interval', async () => {
    const g = governor({ maxConcurrent: 4 });
    const permits = Array.from({ length: 4 }, () => track(g.acquire()));
    await flush();
    g.onRateLimited(1_000);
    g.onRateLimited(1_000); // same burst of 429s: one decrease
    expect(g.stats().effectiveConcurrency).toBe(2);
    for (const p of permits) p.permit?.release();
    const queued = Array.from({ length: 4 }, () => track(g.acquire()));
    await vi.advanceTimersByTimeAsync(999);
    expect(queued.map((t) => t.state)).toEqual(['pending', 'pending', 'pending', 'pending']);
    await vi.advanceTimersByTimeAsync(1);
    expect(queued.map((t) => t.state)).toEqual(['resolved', 'resolved', 'pending', 'pending']);
    await vi.advanceTimersByTimeAsync(2_000); // pause end + 1 interval
    expect(g.stats().effectiveConcurrency).toBe(3);
    expect(queued[2]?.state).toBe('resolved');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(g.stats().effectiveConcurrency).toBe(4);
    expect(queued[3]?.state).toBe('resolved');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(g.stats().effectiveConcurrency).toBe(4);
    for (const p of queued) p.permit?.release();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('decreases again for a 429 after the interval, down to minConcurrent', () => {
    const g = governor({ maxConcurrent: 8, adaptive: { minConcurrent: 2, recoveryIntervalMs: 1_000 } });
    g.onRateLimited();
    expect(g.stats().effectiveConcurrency).toBe(4);
    vi.advanceTimersByTime(1_000);
    expect(g.stats().effectiveConcurrency).toBe(5);
    g.onRateLimited();
    expect(g.stats().effectiveConcurrency).toBe(2);
    vi.advanceTimersByTime(1_000);
    g.onRateLimited();
    expect(g.stats().effectiveConcurrency).toBe(2);
  });

  it('lowers and recovers the rate too', () => {
    const g = governor({ maxConcurrent: 4, requestsPerSecond: 8, adaptive: { recoveryIntervalMs: 1_000 } });
    g.onRateLimited();
    expect(g.stats()).toMatchObject({ effectiveConcurrency: 2, effectiveRps: 4 });
    vi.advanceTimersByTime(1_000);
    expect(g.stats()).toMatchObject({ effectiveConcurrency: 3, effectiveRps: 6 });
    vi.advanceTimersByTime(5_000);
    expect(g.stats()).toMatchObject({ effectiveConcurrency: 4, effectiveRps: 8 });
  });

  it('rejects at once callers that cannot outlast the pause', async () => {
    // The shared pause is bounded by maxPauseMs (default 2 s); this test raises the bound above 5 s.
    const g = governor({ maxConcurrent: 1, maxWaitMs: 2_000, maxPauseMs: 10_000 });
    const holder = track(g.acquire());
    const waiter = track(g.acquire());
    g.onRateLimited(5_000);
    await flush();
    expect(waiter.state).toBe('rejected');
    expect(waiter.error?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 5 });
    holder.permit?.release();
    const during = track(g.acquire());
    await flush();
    expect(during.state).toBe('rejected');
    expect(during.error?.extensions?.retryAfterSeconds).toBe(5);
    expect(g.stats().rejected).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('with adaptive: false keeps the limit but honours the pause', async () => {
    const g = governor({ maxConcurrent: 3, adaptive: false });
    g.onRateLimited(300);
    expect(g.stats().effectiveConcurrency).toBe(3);
    const t = track(g.acquire());
    await vi.advanceTimersByTimeAsync(299);
    expect(t.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(t.state).toBe('resolved');
  });
});

describe('createRateGovernor: dispose and options', () => {
  it('dispose rejects queued callers and later acquires, and clears every timer', async () => {
    const g = governor({ maxConcurrent: 1, requestsPerSecond: 1 });
    const holder = track(g.acquire());
    const waiters = [track(g.acquire()), track(g.acquire())];
    await flush();
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    g.dispose();
    await flush();
    expect(waiters.map((w) => w.error?.extensions?.code)).toEqual([
      'UPSTREAM_UNAVAILABLE',
      'UPSTREAM_UNAVAILABLE',
    ]);
    expect(vi.getTimerCount()).toBe(0);
    holder.permit?.release();
    await expect(g.acquire()).rejects.toMatchObject({ message: 'The subgraph is shutting down.' });
  });

  it.each([
    [{ maxConcurrent: 0 }, 'createRateGovernor: option maxConcurrent must be an integer >= 1, received 0'],
    [
      { requestsPerSecond: -1 },
      'createRateGovernor: option requestsPerSecond must be a finite number > 0, received -1',
    ],
    [{ burst: 5 }, 'createRateGovernor: option burst must be used with requestsPerSecond, received 5'],
    [
      { requestsPerSecond: 5, burst: 0.5 },
      'createRateGovernor: option burst must be a finite number >= 1, received 0.5',
    ],
    [{ queueLimit: 1.5 }, 'createRateGovernor: option queueLimit must be an integer >= 0, received 1.5'],
    [
      { maxWaitMs: Number.NaN },
      'createRateGovernor: option maxWaitMs must be a finite number >= 0, received NaN',
    ],
    [
      { adaptive: { decreaseFactor: 1 } },
      'createRateGovernor: option adaptive.decreaseFactor must be in (0, 1), received 1',
    ],
    [
      { adaptive: { recoveryIntervalMs: 0 } },
      'createRateGovernor: option adaptive.recoveryIntervalMs must be a finite number > 0, received 0',
    ],
    [
      { maxConcurrent: 2, adaptive: { minConcurrent: 3 } },
      'createRateGovernor: option adaptive.minConcurrent must be <= maxConcurrent (2), received 3',
    ],
  ])('rejects %j', (options, message) => {
    expect(() => createRateGovernor(options as RateGovernorOptions)).toThrow(new TypeError(message));
  });
});
