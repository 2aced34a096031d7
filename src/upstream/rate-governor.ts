import type { GraphQLError } from 'graphql';
import { subgraphError } from '../errors/subgraph-error.ts';

export interface RateGovernorOptions {
  /** Requests in flight at once. Boomi (and the simulator) allow 10 per account; stay below. @default 4 */
  maxConcurrent?: number;
  /** Token-bucket rate limit, requests per second. @default undefined (off) */
  requestsPerSecond?: number;
  /** Bucket capacity (requests that may start back to back). @default requestsPerSecond */
  burst?: number;
  /** Waiting callers beyond this are rejected at once with RATE_LIMITED. @default 1000 */
  queueLimit?: number;
  /** Longest wait in the queue (never beyond the caller's deadline). @default 10000 */
  maxWaitMs?: number;
  /**
   * On a 429, divide concurrency (and rate) by `1 / decreaseFactor`, at most once per
   * `recoveryIntervalMs`; then, once the Retry-After pause is over, add 1 concurrency per interval.
   * `false` keeps limits fixed (a 429 still pauses dispatch for its Retry-After).
   * @default { decreaseFactor: 0.5, recoveryIntervalMs: 2000, minConcurrent: 1 }
   */
  adaptive?: { decreaseFactor?: number; recoveryIntervalMs?: number; minConcurrent?: number } | false;
  /** Clock, injected in tests. @default Date.now */
  now?: () => number;
}

/** A slot in the governor; `release()` is idempotent. */
export interface GovernorPermit {
  release(): void;
}

export interface RateGovernor {
  /**
   * Waits (FIFO) for a slot. Rejects with RATE_LIMITED (with `retryAfterSeconds`) when the queue is full or
   * the wait would pass `maxWaitMs` or `deadline`; rejects with `signal.reason` on abort, leaving the queue clean.
   */
  acquire(options?: { signal?: AbortSignal; deadline?: number }): Promise<GovernorPermit>;
  /** The upstream answered 429 anyway: back off (see `adaptive`) and pause dispatch for `retryAfterMs`. */
  onRateLimited(retryAfterMs?: number): void;
  stats(): {
    inFlight: number;
    queued: number;
    effectiveConcurrency: number;
    effectiveRps?: number;
    rejected: number;
  };
  /** Rejects queued callers and later acquires; clears timers. */
  dispose(): void;
}

interface Waiter {
  resolve(permit: GovernorPermit): void;
  reject(error: unknown): void;
  expiresAt: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

function invalid(option: string, expectation: string, value: unknown): never {
  throw new TypeError(
    `createRateGovernor: option ${option} must be ${expectation}, received ${String(value)}`,
  );
}

function integer(option: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) invalid(option, `an integer >= ${min}`, value);
  return value;
}

function positive(option: string, value: number | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    invalid(option, allowZero ? 'a finite number >= 0' : 'a finite number > 0', value);
  }
  return value;
}

/**
 * Outbound limiter in front of the upstream: a concurrency cap, an optional token bucket and a bounded
 * FIFO queue with a maximum wait. It adapts when the upstream answers 429 anyway (AIMD). It holds no
 * timer while idle: recovery is computed from the clock when needed, and timers exist only for callers
 * that are waiting.
 */
export function createRateGovernor(options: RateGovernorOptions = {}): RateGovernor {
  const maxConcurrent = integer('maxConcurrent', options.maxConcurrent, 4, 1);
  const rps =
    options.requestsPerSecond === undefined
      ? undefined
      : positive('requestsPerSecond', options.requestsPerSecond, 1);
  if (options.burst !== undefined && rps === undefined)
    invalid('burst', 'used with requestsPerSecond', options.burst);
  const burst = rps === undefined ? 0 : positive('burst', options.burst, Math.max(1, rps));
  if (rps !== undefined && burst < 1) invalid('burst', 'a finite number >= 1', burst);
  const queueLimit = integer('queueLimit', options.queueLimit, 1000, 0);
  const maxWaitMs = positive('maxWaitMs', options.maxWaitMs, 10_000, true);
  const adaptive = options.adaptive === false ? undefined : (options.adaptive ?? {});
  const decreaseFactor = positive('adaptive.decreaseFactor', adaptive?.decreaseFactor, 0.5);
  if (decreaseFactor >= 1) invalid('adaptive.decreaseFactor', 'in (0, 1)', decreaseFactor);
  const recoveryIntervalMs = positive('adaptive.recoveryIntervalMs', adaptive?.recoveryIntervalMs, 2_000);
  const minConcurrent = integer('adaptive.minConcurrent', adaptive?.minConcurrent, 1, 1);
  if (minConcurrent > maxConcurrent) {
    invalid('adaptive.minConcurrent', `<= maxConcurrent (${maxConcurrent})`, minConcurrent);
  }
  const now = options.now ?? Date.now;
  // Rate recovers in the same number of steps as concurrency.
  const rpsStep = rps === undefined ? 0 : rps / maxConcurrent;
  const minRps = rps === undefined ? 0 : Math.min(rps, rps * (minConcurrent / maxConcurrent));

  let inFlight = 0;
  let rejected = 0;
  let disposed = false;
  const queue: Waiter[] = [];
  let pumpTimer: ReturnType<typeof setTimeout> | undefined;
  let pumpAt = Number.POSITIVE_INFINITY;
  let pausedUntil = 0;
  // AIMD state: the limits right after the last decrease, and when recovery starts.
  let concurrencyBase = maxConcurrent;
  let rpsBase = rps ?? 0;
  let lastDecreaseAt = Number.NEGATIVE_INFINITY;
  let recoveryFrom = Number.NEGATIVE_INFINITY;
  let tokens = burst;
  let refilledAt = now();

  /** Recovery steps taken since the last decrease (never decreased: fully recovered). */
  function steps(at: number): number {
    if (recoveryFrom === Number.NEGATIVE_INFINITY) return maxConcurrent;
    return at < recoveryFrom ? 0 : Math.floor((at - recoveryFrom) / recoveryIntervalMs);
  }
  function effectiveConcurrency(at: number): number {
    return Math.min(maxConcurrent, concurrencyBase + steps(at));
  }
  function effectiveRps(at: number): number {
    return Math.min(rps ?? 0, rpsBase + rpsStep * steps(at));
  }
  function capacity(at: number): number {
    return rps === undefined ? 0 : Math.max(1, (burst * effectiveRps(at)) / rps);
  }
  function refill(at: number): void {
    if (rps === undefined) return;
    tokens = Math.min(capacity(at), tokens + ((at - refilledAt) / 1000) * effectiveRps(at));
    refilledAt = at;
  }

  function rateLimited(retryAfterMs: number): GraphQLError {
    rejected++;
    return subgraphError('RATE_LIMITED', { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
  }

  function detach(waiter: Waiter): void {
    if (waiter.timer) clearTimeout(waiter.timer);
    if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
    const index = queue.indexOf(waiter);
    if (index >= 0) queue.splice(index, 1);
  }

  function permit(): GovernorPermit {
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        inFlight--;
        pump();
      },
    };
  }

  /** Whether a request may start now; when not, the time to look again (Infinity = on release). */
  function blockedUntil(at: number): number | undefined {
    if (at < pausedUntil) return pausedUntil;
    if (inFlight >= effectiveConcurrency(at)) {
      // A recovery step may raise the limit before any release does.
      return concurrencyBase + steps(at) < maxConcurrent
        ? recoveryFrom + (steps(at) + 1) * recoveryIntervalMs
        : Number.POSITIVE_INFINITY;
    }
    if (rps !== undefined) {
      refill(at);
      if (tokens < 1) return at + Math.ceil(((1 - tokens) / effectiveRps(at)) * 1000);
    }
    return undefined;
  }

  function start(): GovernorPermit {
    if (rps !== undefined) tokens -= 1;
    inFlight++;
    return permit();
  }

  function schedulePump(at: number): void {
    if (at === Number.POSITIVE_INFINITY || at >= pumpAt) return;
    if (pumpTimer) clearTimeout(pumpTimer);
    pumpAt = at;
    pumpTimer = setTimeout(
      () => {
        pumpTimer = undefined;
        pumpAt = Number.POSITIVE_INFINITY;
        pump();
      },
      Math.max(0, at - now()),
    );
  }

  function pump(): void {
    if (disposed) return;
    while (queue.length > 0) {
      const at = now();
      const until = blockedUntil(at);
      if (until !== undefined) {
        schedulePump(until);
        return;
      }
      const waiter = queue[0]!;
      detach(waiter);
      waiter.resolve(start());
    }
    if (pumpTimer) clearTimeout(pumpTimer);
    pumpTimer = undefined;
    pumpAt = Number.POSITIVE_INFINITY;
  }

  function shuttingDown(): GraphQLError {
    return subgraphError('UPSTREAM_UNAVAILABLE', { message: 'The subgraph is shutting down.' });
  }

  return {
    acquire(acquireOptions = {}) {
      const { signal, deadline } = acquireOptions;
      if (disposed) return Promise.reject(shuttingDown());
      if (signal?.aborted) return Promise.reject(signal.reason);
      const at = now();
      if (queue.length === 0 && blockedUntil(at) === undefined) return Promise.resolve(start());
      const expiresAt = Math.min(at + maxWaitMs, deadline ?? Number.POSITIVE_INFINITY);
      if (queue.length >= queueLimit || expiresAt <= at) return Promise.reject(rateLimited(1000));
      // A known pause that outlasts the allowed wait: say so now rather than after waiting.
      if (pausedUntil >= expiresAt) return Promise.reject(rateLimited(pausedUntil - at));
      return new Promise<GovernorPermit>((resolve, reject) => {
        const waiter: Waiter = { resolve, reject, expiresAt, timer: undefined, signal, onAbort: undefined };
        waiter.timer = setTimeout(
          () => {
            detach(waiter);
            reject(rateLimited(Math.max(1000, pausedUntil - now())));
          },
          Math.max(0, expiresAt - at),
        );
        if (signal) {
          waiter.onAbort = () => {
            detach(waiter);
            reject(signal.reason);
            pump();
          };
          signal.addEventListener('abort', waiter.onAbort, { once: true });
        }
        queue.push(waiter);
        pump();
      });
    },

    onRateLimited(retryAfterMs) {
      if (disposed) return;
      const at = now();
      if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0) {
        pausedUntil = Math.max(pausedUntil, at + retryAfterMs);
      }
      // Requests in flight together all see the same 429: decrease once per interval, not once per answer.
      if (adaptive && at - lastDecreaseAt >= recoveryIntervalMs) {
        concurrencyBase = Math.max(minConcurrent, Math.floor(effectiveConcurrency(at) * decreaseFactor));
        if (rps !== undefined) {
          refill(at);
          rpsBase = Math.max(minRps, effectiveRps(at) * decreaseFactor);
          tokens = Math.min(tokens, capacity(at));
        }
        lastDecreaseAt = at;
      }
      if (adaptive) recoveryFrom = Math.max(lastDecreaseAt, pausedUntil);
      // Callers that cannot outlast the pause learn it now.
      for (const waiter of [...queue]) {
        if (waiter.expiresAt <= pausedUntil) {
          detach(waiter);
          waiter.reject(rateLimited(pausedUntil - at));
        }
      }
      pump();
    },

    stats() {
      const at = now();
      return {
        inFlight,
        queued: queue.length,
        effectiveConcurrency: effectiveConcurrency(at),
        ...(rps === undefined ? {} : { effectiveRps: effectiveRps(at) }),
        rejected,
      };
    },

    dispose() {
      disposed = true;
      if (pumpTimer) clearTimeout(pumpTimer);
      pumpTimer = undefined;
      for (const waiter of [...queue]) {
        detach(waiter);
        waiter.reject(shuttingDown());
      }
    },
  };
}
