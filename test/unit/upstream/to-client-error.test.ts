import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../src/upstream/outcome.ts';
import { outcomeError, settleOutcome } from '../../../src/upstream/to-client-error.ts';

type Failure = Exclude<Outcome, { kind: 'result' | 'aborted' }>;

describe('outcomeError: the one mapping to client errors', () => {
  it.each<[Failure, string, Record<string, unknown>]>([
    [{ kind: 'http', status: 429, retryAfter: '3600' }, 'RATE_LIMITED', { retryAfterSeconds: 300 }],
    [{ kind: 'http', status: 503 }, 'UPSTREAM_UNAVAILABLE', { retryable: true }],
    [{ kind: 'timeout' }, 'UPSTREAM_TIMEOUT', {}],
    [{ kind: 'deadline' }, 'UPSTREAM_TIMEOUT', {}],
    [{ kind: 'network', sent: false }, 'UPSTREAM_UNAVAILABLE', {}],
    [
      { kind: 'bad-response', status: 200, reason: 'too-large' },
      'UPSTREAM_BAD_RESPONSE',
      { retryable: false },
    ],
    [
      { kind: 'bad-response', status: 200, reason: 'unparsable' },
      'UPSTREAM_BAD_RESPONSE',
      { retryable: true },
    ],
    [{ kind: 'local', detail: 'x' }, 'BAD_USER_INPUT', {}],
    [{ kind: 'breaker-open', retryInMs: 2_500 }, 'UPSTREAM_UNAVAILABLE', { retryAfterSeconds: 3 }],
    [{ kind: 'governor', reason: 'shed', retryAfterMs: 4_200 }, 'RATE_LIMITED', { retryAfterSeconds: 5 }],
    [{ kind: 'governor', reason: 'shutting-down', retryAfterMs: 1_000 }, 'UPSTREAM_UNAVAILABLE', {}],
    [{ kind: 'auth-failed', retryable: false }, 'UPSTREAM_AUTH_FAILED', { retryable: false }],
    [
      { kind: 'unauthenticated', reason: 'fast-fail', retryAfterMs: 5_000 },
      'UNAUTHENTICATED',
      { retryAfterSeconds: 5 },
    ],
  ])('%j → %s', (outcome, code, extensions) => {
    expect(outcomeError(outcome).extensions).toMatchObject({ code, ...extensions });
  });

  it('pins the messages of the new errors', () => {
    expect(outcomeError({ kind: 'bad-response', status: 200, reason: 'too-large' }).message).toBe(
      'The Boomi API answered with a response larger than this subgraph accepts.',
    );
    expect(outcomeError({ kind: 'governor', reason: 'shed', retryAfterMs: 1 }).message).toBe(
      'Too many requests are waiting for the Boomi API; try again later.',
    );
    expect(outcomeError({ kind: 'unauthenticated', reason: 'fast-fail' }).message).toBe(
      'The Boomi API keeps rejecting this subgraph’s JWTs; failing fast until a probe succeeds.',
    );
  });

  it('a mutation that may have run is UPSTREAM_OUTCOME_UNKNOWN; a client abort re-throws its reason', () => {
    expect(outcomeError({ kind: 'timeout' }, { outcomeUnknown: true }).extensions.code).toBe(
      'UPSTREAM_OUTCOME_UNKNOWN',
    );
    const reason = new Error('gone');
    expect(settleOutcome({ kind: 'aborted', reason })).toEqual({ error: reason });
  });
});
