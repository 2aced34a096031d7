import type { Outcome } from './outcome.ts';
import { clampTimerMs } from './timers.ts';

/** Abort reason of the whole-call deadline. */
export class DeadlineExceeded extends Error {
  override name = 'DeadlineExceeded';
}

/** Abort reason of the per-attempt timeout. */
export class AttemptTimeout extends Error {
  override name = 'AttemptTimeout';
}

/**
 * A child signal of `parent` that also aborts after `timeoutMs` with an {@link AttemptTimeout}; `dispose`
 * clears the timer and the listener (call it in `finally`).
 */
export function childSignal(
  parent: AbortSignal,
  timeoutMs: number,
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onParentAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new AttemptTimeout()), clampTimerMs(timeoutMs));
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      parent.removeEventListener('abort', onParentAbort);
    },
  };
}

/** The outcome of an aborted step: the attempt timeout, the deadline, or the client going away. */
export function abortOutcome(reason: unknown): Outcome {
  if (reason instanceof AttemptTimeout) return { kind: 'timeout' };
  if (reason instanceof DeadlineExceeded) return { kind: 'deadline' };
  return { kind: 'aborted', reason };
}
