import type { ExecutionResult } from '@graphql-tools/utils';
import type { GraphQLError } from 'graphql';
import { subgraphError } from '../errors/subgraph-error.ts';
import type { GovernorRefusal, Outcome } from './outcome.ts';
import { parseRetryAfter } from './retry-policy.ts';

/**
 * The one place where what the upstream stack knows (typed outcomes of the attempt, the governor, the
 * breaker and the token provider) becomes what a client sees: a result, or a catalog error.
 */

/** Why the retry layer gave up, when it did: shapes the message and the mutation rule. */
export interface FinalContext {
  /** A mutation that may have run upstream: report UPSTREAM_OUTCOME_UNKNOWN. */
  outcomeUnknown?: boolean;
  /** The retry budget was spent. */
  budgetSpent?: boolean;
}

/** The result to return, or the error to throw (a client abort re-throws its own reason). */
export function settleOutcome(
  outcome: Outcome,
  context: FinalContext = {},
): { result: ExecutionResult } | { error: unknown } {
  if (outcome.kind === 'result') return { result: outcome.result };
  if (outcome.kind === 'aborted') return { error: outcome.reason };
  return { error: outcomeError(outcome, context) };
}

/** The catalog error for an outcome that is not a result. */
export function outcomeError(
  outcome: Exclude<Outcome, { kind: 'result' | 'aborted' }>,
  context: FinalContext = {},
): GraphQLError {
  if (context.outcomeUnknown) {
    return subgraphError('UPSTREAM_OUTCOME_UNKNOWN', {
      message:
        'The Boomi API failed while running this mutation; whether it was applied is unknown. ' +
        'Check the current state before trying again.',
    });
  }
  switch (outcome.kind) {
    case 'http':
      return httpError(outcome.status, outcome.retryAfter, context.budgetSpent ?? false);
    case 'timeout':
      return subgraphError('UPSTREAM_TIMEOUT', { message: 'The Boomi API did not answer in time.' });
    case 'deadline':
      return subgraphError('UPSTREAM_TIMEOUT', {
        message: 'The Boomi API did not answer within the request deadline.',
      });
    case 'network':
      return subgraphError('UPSTREAM_UNAVAILABLE', { message: 'The Boomi API could not be reached.' });
    case 'bad-response':
      return subgraphError('UPSTREAM_BAD_RESPONSE', {
        message:
          outcome.reason === 'too-large'
            ? 'The Boomi API answered with a response larger than this subgraph accepts.'
            : 'The Boomi API answered with a response that is not valid GraphQL JSON.',
        ...(outcome.reason === 'too-large' ? { retryable: false } : {}),
      });
    case 'local':
      return subgraphError('BAD_USER_INPUT', {
        message: 'The request holds a value that cannot be sent to the Boomi API in an HTTP header.',
      });
    case 'breaker-open':
      return subgraphError('UPSTREAM_UNAVAILABLE', {
        message: 'The Boomi API is unavailable (circuit open); try again shortly.',
        retryAfterSeconds: Math.max(1, Math.ceil(outcome.retryInMs / 1000)),
      });
    case 'governor':
      return governorError(outcome.reason, outcome.retryAfterMs);
    case 'auth-failed':
      return authFailedError(
        outcome.retryable,
        outcome.cause,
        outcome.shuttingDown ? 'The subgraph is shutting down.' : undefined,
      );
    case 'unauthenticated':
      return unauthenticatedError(outcome.reason, outcome.retryAfterMs);
    case 'unauthorized':
      return unauthenticatedError('fresh-token-refused');
  }
}

function httpError(
  status: number,
  retryAfter: string | null | undefined,
  budgetSpent: boolean,
): GraphQLError {
  if (status === 429) {
    const after = parseRetryAfter(retryAfter, Date.now());
    return subgraphError('RATE_LIMITED', {
      message: 'The Boomi API is rate limiting requests; try again later.',
      ...(after === undefined ? {} : { retryAfterSeconds: Math.max(1, Math.ceil(after / 1000)) }),
    });
  }
  return subgraphError('UPSTREAM_UNAVAILABLE', {
    message: `The Boomi API is unavailable (HTTP ${status}${budgetSpent ? ', retry budget exhausted' : ''}).`,
  });
}

/** The governor's refusal as a client error. */
export function governorError(reason: GovernorRefusal, retryAfterMs: number): GraphQLError {
  if (reason === 'shutting-down') {
    return subgraphError('UPSTREAM_UNAVAILABLE', { message: 'The subgraph is shutting down.' });
  }
  return subgraphError('RATE_LIMITED', {
    ...(reason === 'shed'
      ? { message: 'Too many requests are waiting for the Boomi API; try again later.' }
      : {}),
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
  });
}

/** No JWT could be obtained. */
export function authFailedError(retryable: boolean, cause?: unknown, message?: string): GraphQLError {
  return subgraphError('UPSTREAM_AUTH_FAILED', {
    retryable,
    ...(cause instanceof Error ? { originalError: cause } : {}),
    ...(message === undefined ? {} : { message }),
  });
}

/** The upstream refuses our JWTs. */
export function unauthenticatedError(
  reason: 'fresh-token-refused' | 'fast-fail',
  retryAfterMs?: number,
): GraphQLError {
  return subgraphError('UNAUTHENTICATED', {
    message:
      reason === 'fresh-token-refused'
        ? 'The Boomi API rejected a freshly minted JWT.'
        : 'The Boomi API keeps rejecting this subgraph’s JWTs; failing fast until a probe succeeds.',
    ...(retryAfterMs === undefined ? {} : { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) }),
  });
}
