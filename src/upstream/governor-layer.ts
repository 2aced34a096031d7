import { abortOutcome } from './abort-reasons.ts';
import { notify, type UpstreamObserver } from './hooks.ts';
import type { Layer, Outcome } from './outcome.ts';
import { GovernorRefused, type RateGovernor } from './rate-governor.ts';
import { parseRetryAfter } from './retry-policy.ts';

/**
 * Holds a governor slot for the rest of the stack below (JWT and HTTP exchange), and feeds the upstream's
 * back-pressure to the governor: 429 and 503 (Boomi's documented throttling status), with or without
 * Retry-After. The slot is released in `finally`, whatever the layers below do (return, throw, abort).
 */
export function governorLayer(governor: RateGovernor, observer?: UpstreamObserver): Layer {
  return (next) => async (call) => {
    const queuedAt = performance.now();
    let slot: { release(): void };
    try {
      slot = await governor.acquireSlot({ signal: call.signal, deadline: call.deadline });
    } catch (error) {
      notify(observer?.queueWait, wait(call, queuedAt, false));
      if (error instanceof GovernorRefused) {
        return { kind: 'governor', reason: error.reason, retryAfterMs: error.retryAfterMs };
      }
      return abortOutcome(call.signal.aborted ? call.signal.reason : error);
    }
    notify(observer?.queueWait, wait(call, queuedAt, true));
    let outcome: Outcome;
    try {
      outcome = await next(call);
    } finally {
      slot.release();
    }
    if (isBackPressure(outcome)) governor.onRateLimited(parseRetryAfter(outcome.retryAfter, Date.now()));
    return outcome;
  };
}

function isBackPressure(outcome: Outcome): outcome is Extract<Outcome, { kind: 'http' }> {
  return outcome.kind === 'http' && (outcome.status === 429 || outcome.status === 503);
}

function wait(call: { operation: string; request: { context?: unknown } }, since: number, granted: boolean) {
  return {
    operation: call.operation,
    waitMs: performance.now() - since,
    granted,
    context: call.request.context,
  };
}
