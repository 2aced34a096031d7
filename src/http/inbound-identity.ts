/**
 * Who called this subgraph, as proven by inbound authentication (docs/security.md). Resolvers and plugins
 * read it with {@link inboundIdentityOf}; multi-account routing and `@authenticated` / `@requiresScopes`
 * checks build on it.
 */
export interface InboundIdentity {
  /** How the caller proved itself (`INBOUND_AUTH`). */
  readonly method: 'hmac' | 'jwt' | 'shared-secret';
  /** The JWT `sub` claim; undefined for methods that only prove "this is the gateway". */
  readonly subject: string | undefined;
  /** Every verified JWT claim (frozen); empty for hmac and shared-secret. */
  readonly claims: Readonly<Record<string, unknown>>;
  /** From the `scope` claim (space-separated, as Apollo Router reads it) or an `scp` array; else empty. */
  readonly scopes: readonly string[];
}

/** Where the identity sits in the GraphQL context. */
export interface InboundIdentityContext {
  /** Present when the request was authenticated; absent with `INBOUND_AUTH=none`. */
  inboundIdentity?: InboundIdentity;
}

/**
 * The verified identity of the current request, or undefined when inbound authentication is off
 * (`INBOUND_AUTH=none`): treat undefined as "not authenticated".
 */
export function inboundIdentityOf(context: unknown): InboundIdentity | undefined {
  if (typeof context !== 'object' || context === null) return undefined;
  return (context as InboundIdentityContext).inboundIdentity;
}

/** Builds the identity of a verified JWT payload. */
export function identityFromClaims(claims: Record<string, unknown>): InboundIdentity {
  return {
    method: 'jwt',
    subject: typeof claims.sub === 'string' ? claims.sub : undefined,
    claims: Object.freeze({ ...claims }),
    scopes: Object.freeze(scopesOf(claims)),
  };
}

/** The gateway itself, proven by a shared secret or an HMAC signature: no user claims. */
export function gatewayIdentity(method: 'hmac' | 'shared-secret'): InboundIdentity {
  return { method, subject: undefined, claims: Object.freeze({}), scopes: Object.freeze([]) };
}

function scopesOf(claims: Record<string, unknown>): string[] {
  const { scope, scp } = claims;
  if (typeof scope === 'string') return scope.split(' ').filter((s) => s !== '');
  if (Array.isArray(scp)) return scp.filter((s): s is string => typeof s === 'string');
  if (typeof scp === 'string') return scp.split(' ').filter((s) => s !== '');
  return [];
}
