import type { ExecutionRequest } from '@graphql-tools/utils';
import { abortOutcome, DeadlineExceeded } from './abort-reasons.ts';
import type { Layer } from './outcome.ts';
import { clampTimerMs } from './timers.ts';

/**
 * Gives the call its deadline and its signal: one controller, aborted when the deadline passes or when
 * the client goes away (a listener is far cheaper than AbortSignal.any on this hot path). Everything
 * below passes that signal on; the timer and listener are removed when the call ends.
 */
export function deadlineLayer(deadlineMs: number): Layer {
  return (next) => async (call) => {
    const clientSignal = clientSignalOf(call.request);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DeadlineExceeded()), clampTimerMs(deadlineMs));
    timer.unref?.();
    const onClientAbort = () => controller.abort(clientSignal?.reason);
    if (clientSignal?.aborted) onClientAbort();
    else clientSignal?.addEventListener('abort', onClientAbort, { once: true });
    try {
      if (controller.signal.aborted) return abortOutcome(controller.signal.reason);
      return await next({ ...call, signal: controller.signal, deadline: Date.now() + deadlineMs });
    } finally {
      clearTimeout(timer);
      clientSignal?.removeEventListener('abort', onClientAbort);
    }
  };
}

/** The client's abort signal: graphql-tools sets `request.signal`; Yoga's context carries the HTTP request. */
function clientSignalOf(request: ExecutionRequest): AbortSignal | undefined {
  if (request.signal) return request.signal;
  const contextRequest = (request.context as { request?: { signal?: unknown } } | undefined)?.request;
  const signal = contextRequest?.signal;
  return signal instanceof AbortSignal ? signal : undefined;
}
