import { describe, expect, it } from 'vitest';
import {
  type AttemptOutcome,
  createRetryBudget,
  decideRetry,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  type RetryBudget,
} from '../../src/upstream/retry-policy.ts';

const NOW = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const base = { attempt: 1, now: NOW, deadline: NOW + 30_000, random: () => 1 };

const http = (status: number, retryAfter?: string): AttemptOutcome =>
  retryAfter === undefined ? { kind: 'http', status } : { kind: 'http', status, retryAfter };

type Row = [string, AttemptOutcome, boolean, boolean];

// [label, outcome, query retried, mutation: retried | outcomeUnknown]
describe('decideRetry: which outcomes are retried', () => {
  const queryRows: Row[] = [
    ['429', http(429), true, false],
    ['502', http(502), true, false],
    ['503', http(503), true, false],
    ['504', http(504), true, false],
    ['500', http(500), false, false],
    ['501', http(501), false, false],
    ['400', http(400), false, false],
    ['401', http(401), false, false],
    ['404', http(404), false, false],
    ['network not sent', { kind: 'network', sent: false }, true, false],
    ['network reset after send', { kind: 'network', sent: true }, true, false],
    ['timeout', { kind: 'timeout' }, true, false],
    ['bad response', { kind: 'bad-response' }, true, false],
  ];
  it.each(queryRows)('query after %s: retry=%s', (_label, outcome, retry) => {
    const decision = decideRetry({ ...base, operation: 'query', outcome });
    expect(decision.retry).toBe(retry);
    if (!decision.retry)
      expect(decision).toEqual({ retry: false, reason: 'not-retryable', outcomeUnknown: false });
  });

  it.each(queryRows)('subscription after %s behaves like a query', (_label, outcome, retry) => {
    expect(decideRetry({ ...base, operation: 'subscription', outcome }).retry).toBe(retry);
  });

  // [label, outcome, retried, outcomeUnknown]
  const mutationRows: Row[] = [
    ['429', http(429), true, false],
    ['network not sent', { kind: 'network', sent: false }, true, false],
    ['500', http(500), false, true],
    ['502', http(502), false, true],
    ['503', http(503), false, true],
    ['504', http(504), false, true],
    ['network reset after send', { kind: 'network', sent: true }, false, true],
    ['timeout', { kind: 'timeout' }, false, true],
    ['bad response', { kind: 'bad-response' }, false, true],
    ['400', http(400), false, false],
    ['403', http(403), false, false],
  ];
  it.each(mutationRows)(
    'mutation after %s: retry=%s outcomeUnknown=%s',
    (_label, outcome, retry, unknown) => {
      const decision = decideRetry({ ...base, operation: 'mutation', outcome });
      if (retry) expect(decision).toEqual({ retry: true, delayMs: 100 });
      else expect(decision).toEqual({ retry: false, reason: 'not-retryable', outcomeUnknown: unknown });
    },
  );
});

describe('decideRetry: delays and limits', () => {
  it.each([
    [1, 1, 100],
    [2, 1, 200],
    [3, 1, 400],
    [3, 0.5, 200],
    [3, 0, 0],
  ])('attempt %i with random %s → %i ms (full jitter, exponential)', (attempt, r, delayMs) => {
    const decision = decideRetry({
      ...base,
      operation: 'query',
      outcome: http(503),
      attempt,
      random: () => r,
      policy: { maxAttempts: 10 },
    });
    expect(decision).toEqual({ retry: true, delayMs });
  });

  it('caps the backoff ceiling at maxDelayMs', () => {
    const decision = decideRetry({
      ...base,
      operation: 'query',
      outcome: { kind: 'timeout' },
      attempt: 9,
      policy: { maxAttempts: 10, maxDelayMs: 1_500 },
    });
    expect(decision).toEqual({ retry: true, delayMs: 1_500 });
  });

  it('honours Retry-After instead of the backoff', () => {
    expect(decideRetry({ ...base, operation: 'query', outcome: http(429, '3') })).toEqual({
      retry: true,
      delayMs: 3_000,
    });
    expect(decideRetry({ ...base, operation: 'mutation', outcome: http(429, '0') })).toEqual({
      retry: true,
      delayMs: 0,
    });
    expect(decideRetry({ ...base, operation: 'query', outcome: http(503, 'soon') })).toEqual({
      retry: true,
      delayMs: 100,
    });
  });

  it('stops after maxAttempts', () => {
    const outcome = http(503);
    expect(decideRetry({ ...base, operation: 'query', outcome, attempt: 3 }).retry).toBe(true);
    expect(decideRetry({ ...base, operation: 'query', outcome, attempt: 4 })).toEqual({
      retry: false,
      reason: 'attempts-exhausted',
      outcomeUnknown: false,
    });
    expect(
      decideRetry({
        ...base,
        operation: 'mutation',
        outcome: { kind: 'network', sent: false },
        attempt: 2,
        policy: { maxAttempts: 2 },
      }),
    ).toEqual({ retry: false, reason: 'attempts-exhausted', outcomeUnknown: false });
  });

  it('does not retry when the delay would pass the deadline', () => {
    expect(decideRetry({ ...base, operation: 'query', outcome: http(429, '30') })).toEqual({
      retry: false,
      reason: 'deadline',
      outcomeUnknown: false,
    });
    expect(decideRetry({ ...base, operation: 'query', outcome: http(503), deadline: NOW + 100 }).retry).toBe(
      false,
    );
    expect(decideRetry({ ...base, operation: 'query', outcome: http(503), deadline: NOW + 101 }).retry).toBe(
      true,
    );
    expect(
      decideRetry({ ...base, operation: 'query', outcome: http(503), deadline: NOW - 1, random: () => 0 }),
    ).toMatchObject({
      reason: 'deadline',
    });
  });

  it('consults the budget last, and only for retries it would make', () => {
    let withdrawals = 0;
    const empty: RetryBudget = {
      recordRequest() {},
      tryWithdraw: () => {
        withdrawals++;
        return false;
      },
    };
    expect(decideRetry({ ...base, operation: 'query', outcome: http(503), budget: empty })).toEqual({
      retry: false,
      reason: 'budget',
      outcomeUnknown: false,
    });
    decideRetry({ ...base, operation: 'query', outcome: http(500), budget: empty });
    decideRetry({ ...base, operation: 'query', outcome: http(503), attempt: 4, budget: empty });
    expect(withdrawals).toBe(1);
  });

  it.each([
    [{ maxAttempts: 0 }, 'decideRetry: policy.maxAttempts must be an integer >= 1, received 0'],
    [{ maxAttempts: 1.5 }, 'decideRetry: policy.maxAttempts must be an integer >= 1, received 1.5'],
    [{ baseDelayMs: -1 }, 'decideRetry: policy.baseDelayMs must be a finite number >= 0, received -1'],
    [
      { maxDelayMs: Number.POSITIVE_INFINITY },
      'decideRetry: policy.maxDelayMs must be a finite number >= 0, received Infinity',
    ],
  ])('rejects policy %j', (policy, message) => {
    expect(() => decideRetry({ ...base, operation: 'query', outcome: http(503), policy })).toThrow(
      new TypeError(message),
    );
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['1', 1_000],
    [' 120 ', 120_000],
    ['1.5', 1_500],
    ['-5', 0],
    ['99999999', MAX_RETRY_AFTER_MS],
    ['1e400', undefined],
    ['Thu, 01 Jan 2026 00:00:10 GMT', 10_000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['Fri, 02 Jan 2026 00:00:00 GMT', MAX_RETRY_AFTER_MS],
    ['soon', undefined],
    ['', undefined],
    ['12abc', undefined],
    ['2026', MAX_RETRY_AFTER_MS], // seconds, not a year
    ['x'.repeat(100), undefined],
  ])('%j → %s', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it.each([null, undefined])('%s → undefined', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe('createRetryBudget', () => {
  it('allows the floor when idle, then ratio × requests', () => {
    let t = NOW;
    const budget = createRetryBudget({
      ratio: 0.5,
      minRetriesPerSecond: 0.2,
      windowMs: 10_000,
      now: () => t,
    });
    expect(budget.tryWithdraw()).toBe(true); // floor: 0.2 × 10 s = 2
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(false);
    for (let i = 0; i < 4; i++) budget.recordRequest(); // + 0.5 × 4 = 2
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(false);
    t += 10_000; // the window slides past everything
    expect(budget.tryWithdraw()).toBe(true);
  });

  it('caps a retry storm at about ratio × traffic', () => {
    let t = NOW;
    const budget = createRetryBudget({ now: () => t, minRetriesPerSecond: 3 });
    let retries = 0;
    // 999 requests, 10 ms apart, all inside one 10 s window; every attempt fails.
    for (let i = 0; i < 999; i++) {
      t += 10;
      budget.recordRequest();
      for (let attempt = 1; attempt < 4; attempt++) if (budget.tryWithdraw()) retries++;
    }
    // at most 0.2 × 999 + 3 × 10 = 229.8 retries (not 2997)
    expect(retries).toBeLessThanOrEqual(229);
    expect(retries).toBeGreaterThan(150);
  });

  it.each([
    [{ ratio: -1 }, 'createRetryBudget: option ratio must be a finite number >= 0, received -1'],
    [{ windowMs: 0 }, 'createRetryBudget: option windowMs must be a finite number > 0, received 0'],
    [
      { minRetriesPerSecond: Number.NaN },
      'createRetryBudget: option minRetriesPerSecond must be a finite number >= 0, received NaN',
    ],
  ])('rejects %j', (options, message) => {
    expect(() => createRetryBudget(options)).toThrow(new TypeError(message));
  });
});
