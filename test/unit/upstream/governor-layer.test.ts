import { afterEach, describe, expect, it, vi } from 'vitest';
import { governorLayer } from '../../../src/upstream/governor-layer.ts';
import { createRateGovernor } from '../../../src/upstream/rate-governor.ts';
import { call, RESULT, scriptedExchange } from './fakes.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('governorLayer', () => {
  it('holds one slot during the call below and releases it after a result, a refusal or a throw', async () => {
    const g = createRateGovernor({ maxConcurrent: 1 });
    let inside = -1;
    const probe = scriptedExchange(async () => {
      inside = g.stats().inFlight;
      return RESULT;
    });
    await governorLayer(g)(probe.exchange)(call());
    expect(inside).toBe(1);
    await expect(governorLayer(g)(scriptedExchange(new Error('bug')).exchange)(call())).rejects.toThrow(
      'bug',
    );
    expect(g.stats()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it.each([
    [429, '30'],
    [503, null],
  ])('feeds a %i (Retry-After %s) back to the governor as back-pressure', async (status, retryAfter) => {
    vi.useFakeTimers({ now: 1_000_000 });
    const g = createRateGovernor({ maxConcurrent: 4, maxPauseMs: 2_000 });
    await governorLayer(g)(scriptedExchange({ kind: 'http', status, retryAfter }).exchange)(call());
    expect(g.stats().effectiveConcurrency).toBe(2);
    if (retryAfter !== null) {
      // Retry-After 30 s, yet the shared pause is bounded at maxPauseMs.
      const waiting = governorLayer(g)(scriptedExchange(RESULT).exchange)(
        call({ deadline: Date.now() + 30_000 }),
      );
      await vi.advanceTimersByTimeAsync(2_000);
      expect(await waiting).toEqual(RESULT);
    }
  });

  it('a 500 is not back-pressure', async () => {
    const g = createRateGovernor({ maxConcurrent: 4 });
    await governorLayer(g)(scriptedExchange({ kind: 'http', status: 500 }).exchange)(call());
    expect(g.stats().effectiveConcurrency).toBe(4);
  });

  it('turns a refusal into a typed outcome and reports the queue wait', async () => {
    const g = createRateGovernor({ maxConcurrent: 1, queueLimit: 0 });
    const held = await g.acquireSlot();
    const waits: unknown[] = [];
    const outcome = await governorLayer(g, { queueWait: (e) => waits.push(e) })(
      scriptedExchange(RESULT).exchange,
    )(call());
    expect(outcome).toEqual({ kind: 'governor', reason: 'queue-full', retryAfterMs: 1000 });
    expect(waits).toEqual([expect.objectContaining({ granted: false })]);
    held.release();
  });

  it('an abort while queued is the abort outcome, and leaves the queue clean', async () => {
    const g = createRateGovernor({ maxConcurrent: 1 });
    const held = await g.acquireSlot();
    const client = new AbortController();
    const pending = governorLayer(g)(scriptedExchange(RESULT).exchange)(call({ signal: client.signal }));
    const reason = new Error('gone');
    client.abort(reason);
    expect(await pending).toEqual({ kind: 'aborted', reason });
    expect(g.stats()).toMatchObject({ inFlight: 1, queued: 0 });
    held.release();
  });
});

describe('rate governor additions (#8)', () => {
  it('sheds at once a caller whose expected wait exceeds its allowed wait (mode 7)', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const g = createRateGovernor({ maxConcurrent: 1, maxWaitMs: 1_000 });
    // Teach it that a slot is held for 500 ms.
    const first = await g.acquireSlot();
    await vi.advanceTimersByTimeAsync(500);
    first.release();
    const holder = await g.acquireSlot();
    const firstWaiter = g.acquireSlot(); // expected wait 500 ms: queued
    const secondWaiter = g.acquireSlot(); // expected wait 1 000 ms = the allowed wait: queued
    const third = g.acquireSlot(); // 1 500 ms: shed at once
    await expect(third).rejects.toMatchObject({ reason: 'shed', retryAfterMs: 1_500 });
    holder.release();
    (await firstWaiter).release();
    (await secondWaiter).release();
    g.dispose();
  });

  it('reports a stall when slots stay held with no activity', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const g = createRateGovernor({ maxConcurrent: 1, stallAfterMs: 10_000 });
    const leaked = await g.acquireSlot();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(g.stalled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(g.stalled()).toBe(true);
    leaked.release();
    expect(g.stalled()).toBe(false);
  });

  it('clamps a huge pause to maxPauseMs and never overflows a timer', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const g = createRateGovernor({ maxConcurrent: 1, maxPauseMs: 2_000, maxWaitMs: 10_000 });
    g.onRateLimited(3_600_000);
    const waiting = g.acquireSlot();
    await vi.advanceTimersByTimeAsync(2_000);
    (await waiting).release();
    g.dispose();
  });
});
