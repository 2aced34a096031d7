import type { InboundIdentity } from '../http/inbound-identity.ts';
import type { AccountAllow } from './boomi-account.ts';

/**
 * Whether the caller may use an account. No `allow`: every caller that reached the subgraph (it passed
 * inbound authentication, if any). With `allow`, every rule given must hold for the VERIFIED identity:
 * a caller without one (`INBOUND_AUTH=none`) matches no rule.
 */
export function callerAllowed(
  allow: AccountAllow | undefined,
  identity: InboundIdentity | undefined,
): boolean {
  if (allow === undefined) return true;
  const rules = [allow.subjects, allow.scopes, allow.claims].filter((rule) => rule !== undefined);
  if (rules.length === 0) return true;
  if (identity === undefined) return false;
  if (allow.subjects && (identity.subject === undefined || !allow.subjects.includes(identity.subject))) {
    return false;
  }
  if (allow.scopes && !allow.scopes.every((scope) => identity.scopes.includes(scope))) return false;
  for (const [claim, expected] of Object.entries(allow.claims ?? {})) {
    const actual = identity.claims[claim];
    if (typeof actual !== 'string') return false;
    if (typeof expected === 'string' ? actual !== expected : !expected.includes(actual)) return false;
  }
  return true;
}
