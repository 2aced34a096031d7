import { CONFIG_DEFAULTS } from '../config.ts';
import { createRollingCounter } from './rolling-counter.ts';

/** State of a {@link CircuitBreaker}. */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Name of the protected endpoint, for logs and metrics. */
  name: string;
  /** Opens after this many `transport` failures in a row (a `response` failure neither adds nor resets). @default 5 */
  consecutiveFailures?: number;
  /** Opens when failures / requests over the window reach this ratio (0 < ratio <= 1). @default 0.8 (`BREAKER_FAILURE_RATIO`) */
  failureRatio?: number;
  /** Length of the sliding window for the failure ratio, in ms. @default 10000 */
  windowMs?: number;
  /** The ratio rule applies only once the window holds this many results. @default 20 */
  minimumRequests?: number;
  /** How long the breaker stays open before letting probes through, in ms. @default 5000 */
  openMs?: number;
  /** Concurrent probes allowed in half-open. @default 1 */
  halfOpenProbes?: number;
  /** Clock, injected in tests. @default Date.now */
  now?: () => number;
  /** Called on every state transition (the open → half-open transition is noticed lazily, on the next call). @default none */
  onStateChange?: (state: BreakerState) => void;
}

/**
 * How a call failed. `transport`: no answer at all (refused, reset, timeout) — counts towards both rules.
 * `response`: the endpoint answered, but with a 5xx or an unusable body — counts towards the failure ratio
 * only, because an endpoint that answers is alive, and a share of failed answers is what retries absorb.
 */
export type BreakerFailureKind = 'transport' | 'response';

/** A permission to call the endpoint; report exactly one outcome (later reports are ignored). */
export interface BreakerPermit {
  success(): void;
  /** @param kind @default 'transport' */
  failure(kind?: BreakerFailureKind): void;
  /**
   * Gives the permit back without a verdict (the call said nothing about the endpoint: a local error, an
   * abort, our own size limit). A half-open probe slot is freed at once.
   */
  cancel(): void;
}

export interface CircuitBreaker {
  /** A permit, or `undefined` when open: fail fast (UPSTREAM_UNAVAILABLE) without calling upstream. */
  tryAcquire(): BreakerPermit | undefined;
  state(): BreakerState;
  /** While open: ms until probes are let through; otherwise 0. */
  retryInMs(): number;
  readonly name: string;
}

function positiveInteger(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(
      `createCircuitBreaker: option ${option} must be a positive integer, received ${String(value)}`,
    );
  }
  return value;
}

function positiveNumber(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(
      `createCircuitBreaker: option ${option} must be a positive number, received ${String(value)}`,
    );
  }
  return value;
}

/**
 * A per-endpoint circuit breaker. Closed: every call goes through; it opens after `consecutiveFailures`
 * transport failures in a row, or when the failure ratio over `windowMs` reaches `failureRatio` with at least
 * `minimumRequests` results. Open: calls are refused for `openMs`. Half-open: `halfOpenProbes` calls go
 * through; a probe success closes the breaker, a probe failure opens it again.
 *
 * Permits are settled once: a second report from the same permit is ignored, and reports from permits
 * issued before the last state change are ignored (a slow request started while closed says nothing
 * about the endpoint after the breaker opened). A probe that is never reported does not wedge the
 * breaker: its slot is considered lost after `openMs`, and a new probe is let through.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  if (typeof options?.name !== 'string' || options.name.length === 0) {
    throw new TypeError(
      `createCircuitBreaker: option name must be a non-empty string, received ${String(options?.name)}`,
    );
  }
  const name = options.name;
  const consecutiveLimit = positiveInteger(
    'consecutiveFailures',
    options.consecutiveFailures,
    CONFIG_DEFAULTS.upstream.breakerConsecutiveFailures,
  );
  const failureRatio = positiveNumber(
    'failureRatio',
    options.failureRatio,
    CONFIG_DEFAULTS.upstream.breakerFailureRatio,
  );
  if (failureRatio > 1) {
    throw new TypeError(
      `createCircuitBreaker: option failureRatio must be in (0, 1], received ${failureRatio}`,
    );
  }
  const windowMs = positiveNumber('windowMs', options.windowMs, 10_000);
  const minimumRequests = positiveInteger('minimumRequests', options.minimumRequests, 20);
  const openMs = positiveNumber('openMs', options.openMs, CONFIG_DEFAULTS.upstream.breakerOpenMs);
  const probeLimit = positiveInteger('halfOpenProbes', options.halfOpenProbes, 1);
  const now = options.now ?? Date.now;
  const onStateChange = options.onStateChange;

  const outcomes = createRollingCounter(['total', 'failures'], windowMs, now);

  let current: BreakerState = 'closed';
  /** Bumped on every transition; permits from an older generation are ignored. */
  let generation = 0;
  let consecutive = 0;
  let openedAt = 0;
  /** Issue times of the probes in flight (half-open only). */
  let probes: number[] = [];

  function transition(next: BreakerState): void {
    current = next;
    generation++;
    consecutive = 0;
    probes = [];
    if (next === 'open') openedAt = now();
    if (next === 'closed') outcomes.clear();
    onStateChange?.(next);
  }

  function refresh(): void {
    if (current === 'open' && now() - openedAt >= openMs) transition('half-open');
  }

  function record(failed: boolean, kind: BreakerFailureKind): void {
    outcomes.add('total');
    if (failed) outcomes.add('failures');
    if (!failed) {
      consecutive = 0;
      return;
    }
    if (kind === 'transport') consecutive++;
    if (consecutive >= consecutiveLimit) {
      transition('open');
      return;
    }
    const { total, failures } = outcomes.totals();
    if (total >= minimumRequests && failures / total >= failureRatio) transition('open');
  }

  function permit(issuedIn: number, probeAt?: number): BreakerPermit {
    let settled = false;
    const settle = (failed: boolean, kind: BreakerFailureKind) => {
      if (settled) return;
      settled = true;
      refresh();
      if (issuedIn !== generation) return;
      if (probeAt !== undefined) {
        // Only half-open issues probes, and any transition bumps the generation, so we are half-open here.
        const index = probes.indexOf(probeAt);
        if (index >= 0) probes.splice(index, 1);
        transition(failed ? 'open' : 'closed');
        return;
      }
      record(failed, kind);
    };
    return {
      success: () => settle(false, 'transport'),
      failure: (kind = 'transport') => settle(true, kind),
      cancel: () => {
        if (settled) return;
        settled = true;
        if (probeAt === undefined || issuedIn !== generation) return;
        const index = probes.indexOf(probeAt);
        if (index >= 0) probes.splice(index, 1);
      },
    };
  }

  return {
    name,
    tryAcquire() {
      refresh();
      if (current === 'closed') return permit(generation);
      if (current === 'open') return undefined;
      const at = now();
      probes = probes.filter((issued) => at - issued < openMs);
      if (probes.length >= probeLimit) return undefined;
      probes.push(at);
      return permit(generation, at);
    },
    state() {
      refresh();
      return current;
    },
    retryInMs() {
      refresh();
      return current === 'open' ? Math.max(0, openedAt + openMs - now()) : 0;
    },
  };
}
