import type { BreakerPermit, CircuitBreaker } from './circuit-breaker.ts';
import { notify, type UpstreamObserver } from './hooks.ts';
import type { Layer, Outcome, UpstreamCall } from './outcome.ts';

/**
 * Fails fast while the breaker is open, before the call queues for a slot or a JWT (outer placement).
 * The permit itself is taken by {@link breakerLayer}, next to the HTTP exchange, so a queue timeout, a
 * mint failure or a client abort never spends a half-open probe.
 */
export function breakerGateLayer(breaker: CircuitBreaker, observer?: UpstreamObserver): Layer {
  return (next) => async (call) => {
    if (breaker.state() === 'open') return refused(breaker, call, observer);
    return next(call);
  };
}

/** Takes a breaker permit around one HTTP exchange and reports what the exchange says about the endpoint. */
export function breakerLayer(breaker: CircuitBreaker, observer?: UpstreamObserver): Layer {
  return (next) => async (call) => {
    const permit = breaker.tryAcquire();
    if (permit === undefined) return refused(breaker, call, observer);
    let outcome: Outcome | undefined;
    try {
      outcome = await next(call);
      return outcome;
    } finally {
      settle(permit, outcome);
    }
  };
}

/**
 * Only genuine upstream failures count: no answer at all is a `transport` failure, an unusable answer a
 * `response` failure (ratio only). A 429/401 proves the endpoint alive. A local error, an abort or our
 * own size limit says nothing about the endpoint: the permit is given back.
 */
function settle(permit: BreakerPermit, outcome: Outcome | undefined): void {
  switch (outcome?.kind) {
    case 'result':
    case 'unauthorized':
      permit.success();
      return;
    case 'http':
      if (outcome.status === 429) permit.success();
      else permit.failure('response');
      return;
    case 'bad-response':
      if (outcome.reason === 'too-large') permit.cancel();
      else permit.failure('response');
      return;
    case 'network':
    case 'timeout':
      permit.failure('transport');
      return;
    default:
      permit.cancel();
  }
}

function refused(
  breaker: CircuitBreaker,
  call: UpstreamCall,
  observer: UpstreamObserver | undefined,
): Outcome {
  notify(observer?.attempt, {
    operation: call.operation,
    attempt: call.attempt,
    outcome: 'breaker_open',
    durationMs: 0,
    detail: 'breaker-open',
    context: call.request.context,
  });
  return { kind: 'breaker-open', retryInMs: breaker.retryInMs() };
}
