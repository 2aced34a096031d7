import { abortOutcome } from './abort-reasons.ts';
import { notify, type UpstreamObserver } from './hooks.ts';
import type { Layer, Outcome, UpstreamCall } from './outcome.ts';
import type { ReauthGuard } from './reauth-guard.ts';
import type { TokenProvider } from './token-provider.ts';

export interface AuthLayerOptions {
  tokenProvider: Pick<TokenProvider, 'obtain' | 'invalidate'>;
  /** Limits re-mints after 401s (see reauth-guard.ts). */
  guard: ReauthGuard;
  observer?: UpstreamObserver;
}

/**
 * Puts a JWT on the call and handles 401s: the refused token is dropped and the call replayed once with a
 * new one, within the limits of the re-mint guard (no mint storm when Boomi refuses every JWT).
 */
export function authLayer(options: AuthLayerOptions): Layer {
  const { tokenProvider, guard, observer } = options;
  return (next) => async (call) => {
    const admission = guard.admit();
    if (!admission.ok) {
      return { kind: 'unauthenticated', reason: 'fast-fail', retryAfterMs: admission.retryAfterMs };
    }
    if (admission.stale !== undefined) tokenProvider.invalidate(admission.stale);
    const first = await withToken(call, admission.probe);
    if (first.outcome) return first.outcome;
    const outcome = await next({ ...call, token: first.token });
    if (outcome.kind !== 'unauthorized') {
      if (outcome.kind === 'result' || outcome.kind === 'http') guard.onAccepted();
      return outcome;
    }
    const decision = guard.onUnauthorized(first.token, admission.probe);
    if (decision.action === 'fail') return { kind: 'unauthenticated', reason: decision.reason };
    if (decision.action === 'remint') tokenProvider.invalidate(first.token);
    const second = await withToken(call, decision.action === 'remint');
    if (second.outcome) return second.outcome;
    const replayed = await next({ ...call, token: second.token, retryReason: 'unauthorized' });
    if (replayed.kind !== 'unauthorized') {
      if (replayed.kind === 'result' || replayed.kind === 'http') guard.onAccepted();
      return replayed;
    }
    const again = guard.onUnauthorized(second.token, false);
    return {
      kind: 'unauthenticated',
      reason: again.action === 'fail' ? again.reason : 'fresh-token-refused',
    };
  };

  async function withToken(
    call: UpstreamCall,
    reminted: boolean,
  ): Promise<{ token: string; outcome?: undefined } | { outcome: Outcome }> {
    let result: Awaited<ReturnType<TokenProvider['obtain']>>;
    try {
      result = await tokenProvider.obtain(call.signal);
    } catch (reason) {
      return { outcome: abortOutcome(reason) };
    }
    notify(observer?.token, {
      operation: call.operation,
      reminted,
      ok: result.ok,
      context: call.request.context,
    });
    if (!result.ok) {
      return {
        outcome: {
          kind: 'auth-failed',
          retryable: result.retryable,
          ...(result.cause ? { cause: result.cause } : {}),
          ...(result.shuttingDown ? { shuttingDown: true } : {}),
        },
      };
    }
    if (reminted) guard.onReminted(result.token);
    return { token: result.token };
  }
}
