import type { ExecutionRequest, ExecutionResult } from '@graphql-tools/utils';

/**
 * One call travelling down the upstream stack. Outer layers fill in what inner layers need (the deadline,
 * the call signal, the attempt number, the JWT); each layer passes a copy, never mutates the one it got.
 */
export interface UpstreamCall {
  request: ExecutionRequest;
  /** Metric label: the upstream root field, `batched` or `unknown`. */
  operation: string;
  operationType: 'query' | 'mutation' | 'subscription';
  /** Aborted by the deadline or by the client going away. */
  signal: AbortSignal;
  /** Epoch ms after which no attempt may start. */
  deadline: number;
  /** 1-based attempt number (set by the retry layer). */
  attempt: number;
  /** Why this attempt repeats an earlier one (set by the retry layer, `unauthorized` for a 401 replay). */
  retryReason?: string;
  /** The JWT to send (set by the auth layer). */
  token?: string;
}

/** Why the response was unusable: not GraphQL JSON, or larger than `maxResponseBytes`. */
export type BadResponseReason = 'unparsable' | 'too-large';

/**
 * What one call down the stack ended with. The attempt layer produces the HTTP kinds; the other layers add
 * their own refusals. Exactly one place ({@link ./to-client-error.ts}) turns these into client errors.
 */
export type Outcome =
  /** A GraphQL response (with or without errors) that goes to the caller. */
  | { kind: 'result'; status: number; result: ExecutionResult }
  /** HTTP 401: the JWT was refused. */
  | { kind: 'unauthorized'; status: 401 }
  /** An HTTP answer that is not a usable result: 429, 5xx (`retryAfter` is the raw header). */
  | { kind: 'http'; status: number; retryAfter?: string | null }
  /** `sent: false`: refused/DNS/connect failure before the request left; `true`: reset after sending. */
  | { kind: 'network'; sent: boolean }
  /** The per-attempt timeout fired (the request was sent). */
  | { kind: 'timeout' }
  | { kind: 'bad-response'; status: number; reason: BadResponseReason }
  /** The request could not even be built here (e.g. a header value the HTTP client refuses): our side. */
  | { kind: 'local'; detail: string }
  /** The circuit breaker refused the call. */
  | { kind: 'breaker-open'; retryInMs: number }
  /** The governor refused a slot (queue full, expected wait too long, paused, shutting down). */
  | { kind: 'governor'; reason: GovernorRefusal; retryAfterMs: number }
  /** No JWT: the mint failed (`retryable` when waiting may help). */
  | { kind: 'auth-failed'; retryable: boolean; cause?: unknown; shuttingDown?: boolean }
  /** The upstream keeps refusing our JWTs; `fresh`: even a JWT minted for this call was refused. */
  | { kind: 'unauthenticated'; reason: 'fresh-token-refused' | 'fast-fail'; retryAfterMs?: number }
  /** The request deadline passed. */
  | { kind: 'deadline' }
  /** The client went away; `reason` is its abort reason (re-thrown as is: nobody reads the answer). */
  | { kind: 'aborted'; reason: unknown };

/** Why the governor refused a slot. */
export type GovernorRefusal = 'queue-full' | 'wait-exceeded' | 'shed' | 'paused' | 'shutting-down';

/** The outcomes a retry may follow (the retry policy's input). */
export type RetryableOutcome = Extract<Outcome, { kind: 'http' | 'network' | 'timeout' | 'bad-response' }>;

/** One step of the stack: a call in, one outcome out. Never rejects for upstream failures. */
export type Exchange = (call: UpstreamCall) => Promise<Outcome>;

/** A layer wraps the exchange below it, like graphql-tools' `Executor → Executor` wrappers. */
export type Layer = (next: Exchange) => Exchange;
