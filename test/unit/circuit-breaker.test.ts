import { describe, expect, it } from 'vitest';
import {
  type BreakerState,
  type CircuitBreakerOptions,
  createCircuitBreaker,
} from '../../src/upstream/circuit-breaker.ts';

function setup(options: Partial<CircuitBreakerOptions> = {}) {
  let t = 1_000_000;
  const changes: BreakerState[] = [];
  const breaker = createCircuitBreaker({
    name: 'graphql',
    now: () => t,
    onStateChange: (s) => changes.push(s),
    // These tests were written for a ratio of 0.5 (the default is BREAKER_FAILURE_RATIO's 0.8 since #8).
    failureRatio: 0.5,
    ...options,
  });
  const fail = (n = 1) => {
    for (let i = 0; i < n; i++) breaker.tryAcquire()?.failure();
  };
  const succeed = (n = 1) => {
    for (let i = 0; i < n; i++) breaker.tryAcquire()?.success();
  };
  return { breaker, changes, fail, succeed, advance: (ms: number) => (t += ms) };
}

describe('createCircuitBreaker', () => {
  it('opens after N consecutive failures and fails fast while open', () => {
    const { breaker, changes, fail, succeed } = setup();
    fail(4);
    succeed(); // breaks the streak
    fail(4);
    expect(breaker.state()).toBe('closed');
    fail();
    expect(breaker.state()).toBe('open');
    expect(breaker.tryAcquire()).toBeUndefined();
    expect(breaker.retryInMs()).toBe(5_000);
    expect(changes).toEqual(['open']);
    expect(breaker.name).toBe('graphql');
  });

  it('opens on the failure ratio over the window once minimumRequests is reached', () => {
    const { breaker, fail, succeed } = setup({ consecutiveFailures: 100 });
    for (let i = 0; i < 9; i++) {
      succeed();
      fail();
    }
    expect(breaker.state()).toBe('closed'); // 18 results < 20
    succeed();
    fail(); // 20 results, 10 failures: ratio 0.5
    expect(breaker.state()).toBe('open');
  });

  it('forgets results that left the window', () => {
    const { breaker, fail, succeed, advance } = setup({ consecutiveFailures: 100 });
    fail(15);
    advance(10_000);
    succeed(10);
    fail(9);
    expect(breaker.state()).toBe('closed'); // only 19 in the window
    succeed();
    fail();
    expect(breaker.state()).toBe('closed'); // 10/21 < 0.5
  });

  it('goes half-open after openMs, lets halfOpenProbes through, and a success closes it', () => {
    const { breaker, changes, fail, advance } = setup({ consecutiveFailures: 1, halfOpenProbes: 2 });
    fail();
    advance(4_999);
    expect(breaker.tryAcquire()).toBeUndefined();
    expect(breaker.retryInMs()).toBe(1);
    advance(1);
    expect(breaker.state()).toBe('half-open');
    expect(breaker.retryInMs()).toBe(0);
    const a = breaker.tryAcquire();
    const b = breaker.tryAcquire();
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(breaker.tryAcquire()).toBeUndefined();
    a?.success();
    expect(breaker.state()).toBe('closed');
    b?.failure(); // a probe from the previous state no longer counts
    expect(breaker.state()).toBe('closed');
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('a probe failure reopens it for another openMs', () => {
    const { breaker, fail, advance } = setup({ consecutiveFailures: 1 });
    fail();
    advance(5_000);
    breaker.tryAcquire()?.failure();
    expect(breaker.state()).toBe('open');
    expect(breaker.retryInMs()).toBe(5_000);
  });

  it('does not wedge half-open when a probe is never reported: its slot expires after openMs', () => {
    const { breaker, fail, advance } = setup({ consecutiveFailures: 1 });
    fail();
    advance(5_000);
    const lost = breaker.tryAcquire();
    expect(lost).toBeDefined();
    expect(breaker.tryAcquire()).toBeUndefined();
    advance(4_999);
    expect(breaker.tryAcquire()).toBeUndefined();
    advance(1);
    const next = breaker.tryAcquire();
    expect(next).toBeDefined();
    next?.success();
    expect(breaker.state()).toBe('closed');
  });

  it('settles each permit once and ignores reports from before the last transition', () => {
    const { breaker, fail } = setup({ consecutiveFailures: 2 });
    const permit = breaker.tryAcquire();
    permit?.failure();
    permit?.failure();
    expect(breaker.state()).toBe('closed');
    const slow = breaker.tryAcquire();
    fail(); // second consecutive failure: open
    expect(breaker.state()).toBe('open');
    slow?.success(); // issued while closed: says nothing about now
    expect(breaker.state()).toBe('open');
  });

  it('counts response failures (5xx answers) in the ratio but not in the transport-failure streak', () => {
    const { breaker } = setup({ minimumRequests: 10, failureRatio: 0.8 });
    for (let i = 0; i < 9; i++) breaker.tryAcquire()?.failure('response');
    expect(breaker.state()).toBe('closed'); // 9 in a row, but none was a transport failure
    breaker.tryAcquire()?.failure('response');
    expect(breaker.state()).toBe('open'); // 10/10 >= 0.8
  });

  it('a response failure neither extends nor breaks a transport-failure streak', () => {
    const { breaker, fail } = setup();
    fail(4);
    breaker.tryAcquire()?.failure('response');
    expect(breaker.state()).toBe('closed');
    fail();
    expect(breaker.state()).toBe('open');
  });

  it('does not open on failures spread over successes', () => {
    const { breaker, fail, succeed } = setup();
    // 20 % failures, in bursts shorter than the consecutive limit: the ratio never reaches 0.5.
    for (let i = 0; i < 100; i++) {
      fail(2);
      succeed(8);
    }
    expect(breaker.state()).toBe('closed');
  });

  it.each([
    [{ name: '' }, 'createCircuitBreaker: option name must be a non-empty string, received '],
    [
      { consecutiveFailures: 0 },
      'createCircuitBreaker: option consecutiveFailures must be a positive integer, received 0',
    ],
    [{ failureRatio: 1.5 }, 'createCircuitBreaker: option failureRatio must be in (0, 1], received 1.5'],
    [{ failureRatio: 0 }, 'createCircuitBreaker: option failureRatio must be a positive number, received 0'],
    [{ windowMs: -1 }, 'createCircuitBreaker: option windowMs must be a positive number, received -1'],
    [
      { minimumRequests: 2.5 },
      'createCircuitBreaker: option minimumRequests must be a positive integer, received 2.5',
    ],
    [{ openMs: Number.NaN }, 'createCircuitBreaker: option openMs must be a positive number, received NaN'],
    [
      { halfOpenProbes: 0 },
      'createCircuitBreaker: option halfOpenProbes must be a positive integer, received 0',
    ],
  ])('rejects %j', (options, message) => {
    expect(() => createCircuitBreaker({ name: 'x', ...options })).toThrow(new TypeError(message));
  });
});
