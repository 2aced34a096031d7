import { afterEach, describe, expect, it, vi } from 'vitest';
import { deadlineLayer } from '../../../src/upstream/deadline-layer.ts';
import type { UpstreamCall } from '../../../src/upstream/outcome.ts';
import { call, hangingFetch, request } from './fakes.ts';

afterEach(() => {
  vi.useRealTimers();
});

/** An exchange that waits until its call signal aborts and reports how. */
const waitForAbort = async (c: UpstreamCall) => {
  try {
    await hangingFetch({ method: 'POST', headers: {}, body: '', signal: c.signal });
  } catch (reason) {
    return { kind: 'aborted' as const, reason };
  }
  return { kind: 'deadline' as const };
};

describe('deadlineLayer', () => {
  it('sets the deadline and aborts the call signal when it passes, leaving no timer', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    let seen: UpstreamCall | undefined;
    const pending = deadlineLayer(1_000)(async (c) => {
      seen = c;
      return waitForAbort(c);
    })(call());
    await vi.advanceTimersByTimeAsync(1_000);
    const outcome = await pending;
    expect(seen?.deadline).toBe(1_001_000);
    expect(outcome).toMatchObject({ kind: 'aborted', reason: { name: 'DeadlineExceeded' } });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('follows the client signal (request.signal), and an already aborted client never reaches below', async () => {
    const client = new AbortController();
    const reason = new Error('gone');
    const pending = deadlineLayer(30_000)(waitForAbort)(
      call({ request: { ...request(), signal: client.signal } }),
    );
    client.abort(reason);
    expect(await pending).toEqual({ kind: 'aborted', reason });
    let reached = false;
    const outcome = await deadlineLayer(30_000)(async () => {
      reached = true;
      return { kind: 'deadline' };
    })(call({ request: { ...request(), signal: client.signal } }));
    expect(outcome).toEqual({ kind: 'aborted', reason });
    expect(reached).toBe(false);
  });

  it('clamps a deadline beyond the timer range instead of firing at once', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const pending = deadlineLayer(10 * 365 * 24 * 3600 * 1000)(waitForAbort)(call());
    await vi.advanceTimersByTimeAsync(1_000);
    let settled = false;
    void pending.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    vi.clearAllTimers();
  });
});
