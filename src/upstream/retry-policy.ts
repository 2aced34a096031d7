import { CONFIG_DEFAULTS } from '../config.ts';
import { createRollingCounter } from './rolling-counter.ts';

/**
 * Pure retry decisions for upstream calls. Nothing here sleeps or sends: the executor asks
 * {@link decideRetry} after each failed attempt and does what it says.
 */

/** How one attempt failed. */
export type AttemptOutcome =
  /** An HTTP answer that is not a usable GraphQL result (429, 5xx…). */
  | { kind: 'http'; status: number; retryAfter?: string | null }
  /** `sent: false`: refused/DNS/connect failure before the request was sent; `true`: reset after sending. */
  | { kind: 'network'; sent: boolean }
  /** The per-attempt timeout fired (the request was sent). */
  | { kind: 'timeout' }
  /** The body could not be parsed. */
  | { kind: 'bad-response' };

export interface RetryPolicy {
  /** Attempts in total, the first included. @default 4 */
  maxAttempts: number;
  /** Backoff ceiling of the first retry, doubled on each further retry. @default 100 */
  baseDelayMs: number;
  /** Largest backoff ceiling (Retry-After is honoured beyond it, up to the deadline). @default 2000 */
  maxDelayMs: number;
}

/** Shared allowance of retries, so that a failing upstream does not receive (1 + retries)× the traffic. */
export interface RetryBudget {
  /** Count one logical request (call once per call, not per attempt). */
  recordRequest(): void;
  /** Take one retry from the budget; `false` when it is spent. */
  tryWithdraw(): boolean;
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  | {
      retry: false;
      reason: 'not-retryable' | 'attempts-exhausted' | 'deadline' | 'budget';
      /** A mutation that may have run upstream (report UPSTREAM_OUTCOME_UNKNOWN, never retry it). */
      outcomeUnknown: boolean;
    };

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 2_000,
});

/** Longest Retry-After honoured (5 minutes); a longer one is an outage window, and the deadline decides anyway. */
export const MAX_RETRY_AFTER_MS = 300_000;

/** Statuses after which a read can be repeated: rate limited, or a gateway/unavailable answer. */
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

function resolvePolicy(policy: Partial<RetryPolicy> | undefined): RetryPolicy {
  const resolved = { ...DEFAULT_RETRY_POLICY, ...policy };
  if (!Number.isInteger(resolved.maxAttempts) || resolved.maxAttempts < 1) {
    throw new TypeError(
      `decideRetry: policy.maxAttempts must be an integer >= 1, received ${resolved.maxAttempts}`,
    );
  }
  for (const key of ['baseDelayMs', 'maxDelayMs'] as const) {
    const value = resolved[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`decideRetry: policy.${key} must be a finite number >= 0, received ${value}`);
    }
  }
  return resolved;
}

/**
 * Whether the upstream certainly did not run the request: a 429 (rejected before execution) or a
 * connection that failed before anything was sent.
 */
function certainlyNotRun(outcome: AttemptOutcome): boolean {
  return (outcome.kind === 'http' && outcome.status === 429) || (outcome.kind === 'network' && !outcome.sent);
}

/** Whether a mutation with this outcome may have run upstream. */
function mayHaveRun(outcome: AttemptOutcome): boolean {
  switch (outcome.kind) {
    case 'http':
      return outcome.status >= 500;
    case 'network':
      return outcome.sent;
    case 'timeout':
    case 'bad-response':
      return true;
  }
}

function isRetryable(operation: 'query' | 'mutation' | 'subscription', outcome: AttemptOutcome): boolean {
  if (operation === 'mutation') return certainlyNotRun(outcome);
  switch (outcome.kind) {
    case 'http':
      return TRANSIENT_STATUSES.has(outcome.status);
    case 'network':
    case 'timeout':
    // A truncated or empty body is a transport fault, and a read is safe to repeat.
    case 'bad-response':
      return true;
  }
}

/**
 * Decides whether to retry after attempt number `attempt` (1-based) failed with `outcome`.
 * Queries (and subscriptions) are retried on 429, 502, 503, 504, network failures, timeouts and
 * unparsable bodies. Mutations are retried only when the upstream certainly did not run them (429,
 * network failure before sending); after a 5xx, a reset after sending, a timeout or a bad body they are
 * not retried and `outcomeUnknown` is true. The delay honours Retry-After, else exponential backoff with
 * full jitter; a retry that would start after `deadline` is not made; the budget is consulted last.
 */
export function decideRetry(input: {
  operation: 'query' | 'mutation' | 'subscription';
  outcome: AttemptOutcome;
  attempt: number;
  now: number;
  deadline: number;
  policy?: Partial<RetryPolicy>;
  random?: () => number;
  budget?: RetryBudget;
}): RetryDecision {
  const policy = resolvePolicy(input.policy);
  const { operation, outcome } = input;
  const outcomeUnknown = operation === 'mutation' && mayHaveRun(outcome);
  const no = (reason: 'not-retryable' | 'attempts-exhausted' | 'deadline' | 'budget'): RetryDecision => ({
    retry: false,
    reason,
    outcomeUnknown,
  });

  if (!isRetryable(operation, outcome)) return no('not-retryable');
  if (input.attempt >= policy.maxAttempts) return no('attempts-exhausted');

  const retryAfterMs = outcome.kind === 'http' ? parseRetryAfter(outcome.retryAfter, input.now) : undefined;
  let delayMs: number;
  if (retryAfterMs !== undefined) {
    delayMs = retryAfterMs;
  } else {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, input.attempt - 1));
    const random = input.random ?? Math.random;
    delayMs = Math.floor(Math.min(1, Math.max(0, random())) * ceiling);
  }
  if (input.now + delayMs >= input.deadline) return no('deadline');
  if (input.budget && !input.budget.tryWithdraw()) return no('budget');
  return { retry: true, delayMs };
}

/**
 * Parses a Retry-After header into milliseconds from `now`: delta-seconds or an HTTP-date. Garbage gives
 * `undefined`; a negative value or a past date gives 0; anything longer is capped at
 * {@link MAX_RETRY_AFTER_MS}.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text.length === 0 || text.length > 64) return undefined;
  let ms: number;
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    ms = Number(text) * 1000;
  } else if (/[A-Za-z]/.test(text)) {
    // Date.parse accepts odd forms ("1" is a year); requiring letters limits it to date-like text.
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  } else {
    return undefined;
  }
  if (!Number.isFinite(ms)) return MAX_RETRY_AFTER_MS;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.ceil(ms)));
}

/** Options of {@link createRetryBudget}. */
export interface RetryBudgetOptions {
  /** Retries allowed per request in the window, on top of the floor. @default 0.2 */
  ratio?: number;
  /** Retries always allowed per second, so a quiet service can still retry. @default 10 (`RETRY_BUDGET_MIN_PER_SECOND`) */
  minRetriesPerSecond?: number;
  /** Length of the sliding window, in ms. @default 10000 */
  windowMs?: number;
  /** Clock, injected in tests. @default Date.now */
  now?: () => number;
}

/**
 * A retry budget (as in Finagle/gRPC): over the sliding window, retries may not exceed
 * `minRetriesPerSecond × window + ratio × requests`. One budget is shared by all calls to an upstream.
 */
export function createRetryBudget(options: RetryBudgetOptions = {}): RetryBudget {
  const check = (name: string, value: number | undefined, fallback: number, positive: boolean): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (positive && value === 0)) {
      throw new TypeError(
        `createRetryBudget: option ${name} must be a finite number ${positive ? '> 0' : '>= 0'}, received ${value}`,
      );
    }
    return value;
  };
  const ratio = check('ratio', options.ratio, CONFIG_DEFAULTS.upstream.retryBudgetRatio, false);
  const minPerSecond = check(
    'minRetriesPerSecond',
    options.minRetriesPerSecond,
    CONFIG_DEFAULTS.upstream.retryBudgetMinPerSecond,
    false,
  );
  const windowMs = check('windowMs', options.windowMs, 10_000, true);
  const now = options.now ?? Date.now;
  const usage = createRollingCounter(['requests', 'retries'], windowMs, now);

  return {
    recordRequest() {
      usage.add('requests');
    },
    tryWithdraw() {
      const { requests, retries } = usage.totals();
      const allowance = minPerSecond * (windowMs / 1000) + ratio * requests;
      if (retries + 1 > allowance) return false;
      usage.add('retries');
      return true;
    },
  };
}
