import type { Outcome } from './outcome.ts';

/** Outcome label of one upstream attempt, as counted in metrics. */
export type AttemptLabel =
  | 'ok'
  | 'graphql_errors'
  | 'unauthorized'
  | 'rate_limited'
  | 'http_error'
  | 'bad_response'
  | 'timeout'
  | 'network_error'
  | 'breaker_open'
  | 'aborted'
  | 'local_error';

/** One HTTP attempt, reported by the attempt layer when it ends. */
export interface AttemptEvent {
  operation: string;
  /** 1-based attempt number within the call (a 401 replay counts as an attempt). */
  attempt: number;
  outcome: AttemptLabel;
  status?: number;
  durationMs: number;
  /** The full outcome, for tracing (never holds the JWT). */
  detail: Outcome['kind'];
  /** A transport failure's system error code (ECONNREFUSED…) or error name; never a message. */
  cause?: string;
  context: unknown;
}

/** An HTTP attempt about to be sent (tracing): the hook may add headers (trace context, request id). */
export interface AttemptStartEvent {
  operation: string;
  attempt: number;
  retryReason?: string;
  /** The outgoing headers; the hook may add to them (never read the authorization header). */
  headers: Record<string, string>;
  context?: unknown;
}

/** What an `attemptStart` hook is told when its attempt ends. */
export type AttemptFinish = (event: { outcome: AttemptLabel; status?: number; cause?: string }) => void;

/**
 * Hooks the upstream stack reports through: metrics and tracing implement them. Every hook is optional
 * and called synchronously; a hook must not throw.
 */
export interface UpstreamObserver {
  /** Just before an HTTP attempt is sent; may return what to call when it ends (an attempt span). */
  attemptStart?(event: AttemptStartEvent): AttemptFinish | undefined;
  attempt?(event: AttemptEvent): void;
  /** A retry was decided; `delayMs` is the backoff before the next attempt. */
  retry?(event: {
    operation: string;
    attempt: number;
    reason: string;
    delayMs: number;
    context: unknown;
  }): void;
  /** A governor slot was granted (or refused) after waiting `waitMs` in the queue. */
  queueWait?(event: { operation: string; waitMs: number; granted: boolean; context: unknown }): void;
  /** The auth layer asked for a JWT; `reminted`: a new one was minted because the last was refused. */
  token?(event: { operation: string; reminted: boolean; ok: boolean; context: unknown }): void;
  /** The call ended (after all attempts). */
  request?(event: { operation: string; rootFields: number; attempts: number; context: unknown }): void;
}

/** Calls `hook` and ignores what it throws: observers must never break an upstream call. */
export function notify<E>(hook: ((event: E) => void) | undefined, event: E): void {
  if (!hook) return;
  try {
    hook(event);
  } catch {
    // An observer bug is not the caller's problem.
  }
}
