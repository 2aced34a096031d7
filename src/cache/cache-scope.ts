import { routedAccountOf } from '../accounts/routed-account.ts';

/**
 * The authorization boundary of a cached response: every entry belongs to exactly one scope, and a
 * request only ever reads entries of its own scope. The scope is the Boomi account the request acts
 * with upstream (`context.boomiAccount`, chosen by use-account-routing.ts: a digest of its account id and user, so
 * two accounts never share an entry) AND the verified inbound identity of the caller
 * (`context.inboundIdentity`, set by inbound authentication, docs/security.md) when there is one: its
 * method, subject and scopes, since any of them can change what the caller may see. Without inbound
 * authentication every caller is the same anonymous caller of that account (which is also what Boomi
 * sees).
 *
 * This is the one place that decides it (the response cache and operation sharing both use it).
 */
export function responseCacheScope(context: unknown): string {
  const identity = inboundIdentityOf(context);
  const who = identity
    ? JSON.stringify([identity.method, identity.subject ?? null, [...identity.scopes].sort()])
    : 'anonymous';
  return `account:${JSON.stringify(routedAccountOf(context)?.key ?? null)}|caller:${who}`;
}

/** The part of the auth engineer's InboundIdentity the scope depends on (read structurally). */
interface IdentityLike {
  method: string;
  subject?: string | undefined;
  scopes: readonly string[];
}

function inboundIdentityOf(context: unknown): IdentityLike | undefined {
  if (typeof context !== 'object' || context === null) return undefined;
  const identity = (context as { inboundIdentity?: unknown }).inboundIdentity;
  if (typeof identity !== 'object' || identity === null) return undefined;
  const { method, subject, scopes } = identity as Record<string, unknown>;
  if (typeof method !== 'string') return undefined;
  return {
    method,
    subject: typeof subject === 'string' ? subject : undefined,
    scopes: Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [],
  };
}
