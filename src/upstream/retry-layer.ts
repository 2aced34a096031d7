import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecutionRequest } from '@graphql-tools/utils';
import { getOperationAST } from 'graphql';
import { abortOutcome } from './abort-reasons.ts';
import { notify, type UpstreamObserver } from './hooks.ts';
import type { Layer, Outcome, RetryableOutcome, UpstreamCall } from './outcome.ts';
import { decideRetry, type RetryBudget, type RetryPolicy } from './retry-policy.ts';
import { clampTimerMs } from './timers.ts';
import type { FinalContext } from './to-client-error.ts';

export interface RetryLayerOptions {
  policy: RetryPolicy;
  /** Shared by every call to the upstream. */
  budget?: RetryBudget;
  observer?: UpstreamObserver;
  random?: () => number;
}

/** The final outcome and, when the retry policy gave up, why (for the client error). */
export type RetriedOutcome = Outcome & { final?: FinalContext };

/**
 * Repeats the call below while the retry policy allows (retry-policy.ts: mutation rules, backoff with full
 * jitter, Retry-After, deadline, shared budget). Only HTTP-level failures are retried: a refusal by a
 * layer (breaker, governor, auth), a local error or a too-large answer is final.
 */
export function retryLayer(options: RetryLayerOptions): Layer {
  return (next) => async (call) => {
    options.budget?.recordRequest();
    let retryReason: string | undefined;
    for (let attempt = 1; ; attempt++) {
      const outcome = await next({ ...call, attempt, ...(retryReason === undefined ? {} : { retryReason }) });
      if (outcome.kind === 'result' || isTooLarge(outcome)) {
        report(call, attempt);
        return outcome;
      }
      if (!isRetryable(outcome)) return outcome;
      const decision = decideRetry({
        operation: call.operationType,
        outcome,
        attempt,
        now: Date.now(),
        deadline: call.deadline,
        policy: options.policy,
        ...(options.random ? { random: options.random } : {}),
        ...(options.budget ? { budget: options.budget } : {}),
      });
      if (!decision.retry) {
        report(call, attempt);
        const final: FinalContext = {
          outcomeUnknown: decision.outcomeUnknown,
          budgetSpent: decision.reason === 'budget',
        };
        return Object.assign({}, outcome, { final }) as RetriedOutcome;
      }
      retryReason = reasonOf(outcome);
      notify(options.observer?.retry, {
        operation: call.operation,
        attempt,
        reason: retryReason,
        delayMs: decision.delayMs,
        context: call.request.context,
      });
      try {
        await sleep(clampTimerMs(decision.delayMs), undefined, { signal: call.signal });
      } catch {
        return abortOutcome(call.signal.reason);
      }
    }
  };

  function report(call: UpstreamCall, attempts: number): void {
    notify(options.observer?.request, {
      operation: call.operation,
      rootFields: rootFieldCount(call.request),
      attempts,
      context: call.request.context,
    });
  }
}

/** Our own size limit: the same request would get the same answer. */
function isTooLarge(outcome: Outcome): boolean {
  return outcome.kind === 'bad-response' && outcome.reason === 'too-large';
}

function isRetryable(outcome: Outcome): outcome is RetryableOutcome {
  return (
    outcome.kind === 'http' ||
    outcome.kind === 'network' ||
    outcome.kind === 'timeout' ||
    outcome.kind === 'bad-response'
  );
}

function reasonOf(outcome: RetryableOutcome): string {
  switch (outcome.kind) {
    case 'http':
      return `http_${outcome.status}`;
    case 'network':
      return outcome.sent ? 'reset' : 'refused';
    case 'timeout':
      return 'timeout';
    case 'bad-response':
      return 'bad_response';
  }
}

function rootFieldCount(request: ExecutionRequest): number {
  return getOperationAST(request.document)?.selectionSet.selections.length ?? 0;
}
